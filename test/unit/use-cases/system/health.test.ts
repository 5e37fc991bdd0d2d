import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../../functions/domain/errors.js';
import { health, type HealthPorts } from '../../../../functions/use-cases/system/health.js';

const ports = (probes: { ok: boolean; error?: string }[]): HealthPorts =>
  ({
    tableHealth: { probe: async () => probes },
    node: { get: async () => 'ONLINE' },
  }) as unknown as HealthPorts;

describe('health', () => {
  it('is UP with the node status when every table answers', async () => {
    await expect(health(ports([{ ok: true }]))).resolves.toEqual({ status: 'UP', node: 'ONLINE' });
  });

  it('is a 503 naming the first table that does not', async () => {
    const answer = health(ports([{ ok: true }, { ok: false, error: 'sessions: timeout' }]));
    await expect(answer).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(answer).rejects.toThrow('Storage is not reachable: sessions: timeout.');
  });
});
