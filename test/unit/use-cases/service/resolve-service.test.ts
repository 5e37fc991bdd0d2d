import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../functions/domain/errors.js';
import type { MetricEvent } from '../../../../functions/domain/reports/metric-events.js';
import {
  resolveService,
  type ResolveServicePorts,
} from '../../../../functions/use-cases/service/resolve-service.js';
import { ManualClock } from '../../../support/manual-clock.js';

function ports(services: Record<string, Record<string, string>>) {
  const recorded: MetricEvent[] = [];
  const p = {
    clock: new ManualClock(),
    config: {
      get: async (_kind: string, name: string) => (services[name] ? { options: services[name] } : undefined),
    },
    metrics: { record: async (...events: MetricEvent[]) => void recorded.push(...events) },
  } as unknown as ResolveServicePorts;
  return { p, recorded };
}

describe('resolveService', () => {
  it('finds a configured service by name and counts the access', async () => {
    const { p, recorded } = ports({ lb: { _type: 'builtin', _service: 'get', custom: 'x' } });
    await expect(resolveService(p, 'lb')).resolves.toEqual({
      name: 'lb',
      options: { _type: 'builtin', _service: 'get', custom: 'x' },
      type: 'get',
    });
    expect(recorded).toEqual([{ kind: 'service-accessed', service: 'lb', at: p.clock.now() }]);
  });

  it('runs a built-in called by its own name without a configuration', async () => {
    const { p } = ports({});
    await expect(resolveService(p, 'match-interaction')).resolves.toMatchObject({
      type: 'match-interaction',
      options: { _type: 'builtin', _service: 'match-interaction' },
    });
  });

  it('refuses an unknown service, and one of a type this server does not run, without counting', async () => {
    const { p, recorded } = ports({ old: { _type: 'ors', _service: 'ors-thing' } });
    await expect(resolveService(p, 'nope')).rejects.toThrow(
      new NotFoundError("Service 'nope' is not configured."),
    );
    await expect(resolveService(p, 'old')).rejects.toThrow(
      "Service 'old' has type 'ors-thing', which this server does not provide.",
    );
    expect(recorded).toEqual([]);
  });
});
