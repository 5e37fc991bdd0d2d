import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CALLBACK_SERVICES } from '../../functions/local/demo-config.js';
import { servesScenario, type ScenarioId } from '../../ui/src/tabs/lab/sample/scenarios.js';
import { startNpmStart, type StartedProcess } from '../support/npm-start-process.js';
import { ADMIN_AUTH } from '../support/test-server.js';

/**
 * Issue 10, item 6: `npm start` (main.ts, on the shared DynamoDB Local with fresh tables) loads
 * the demo configuration the first time, never over configuration already there, not with
 * `--no-demo`, and `--config` replaces it.
 */

const running: StartedProcess[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

const start = async (extra: string[] = [], prefix?: string) => {
  const run = await startNpmStart(extra, prefix);
  running.push(run);
  return run;
};
const admin = (origin: string, path: string, init: RequestInit = {}) =>
  fetch(`${origin}/genesys/1${path}`, { ...init, headers: { authorization: ADMIN_AUTH } });
const names = async (origin: string) =>
  ((await (await admin(origin, '/admin/services')).json()) as { name: string }[]).map((s) => s.name).sort();

describe('the demo configuration on first start', () => {
  it('loads iPhoneService on DNIS and a callback service the Lab Sample picks for each scenario', async () => {
    const run = await start();
    expect(run.output()).toContain('Loaded the demo configuration');
    expect(await names(run.origin)).toEqual(
      ['iPhoneService', ...Object.values(DEMO_CALLBACK_SERVICES)].sort(),
    );
    // The Lab Sample chooses a scenario's service by its options: each demo service plays its own.
    for (const [scenario, name] of Object.entries(DEMO_CALLBACK_SERVICES)) {
      const { options } = (await (await admin(run.origin, `/admin/services/${name}`)).json()) as {
        options: Record<string, string>;
      };
      expect(servesScenario(options, scenario as ScenarioId), `${name} plays ${scenario}`).toBe(true);
    }
    const created = await fetch(`${run.origin}/genesys/1/service/iPhoneService`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '_phone_number=6504669999',
    });
    expect(await created.json()).toMatchObject({ _access_number: '6504664131', _expiration_time: 30 });
    const uo = await fetch(`${run.origin}/genesys/1/service/callback/demo-uo-immediate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ _customer_number: '5125551212' }),
    });
    expect(uo.status, await uo.clone().text()).toBe(200);
    expect(await uo.json()).toMatchObject({ _action: 'DialNumber' });
  }, 120_000);

  it('is not loaded again on tables that hold configuration (a deleted demo service stays deleted)', async () => {
    const first = await start();
    expect(
      (await admin(first.origin, '/admin/services/demo-ut-scheduled', { method: 'DELETE' })).status,
    ).toBe(200);
    await first.stop();
    const second = await start([], first.tablePrefix);
    expect(second.output()).toContain(
      'Configuration found in the tables: the demo configuration is not loaded.',
    );
    expect(second.output()).not.toContain('Loaded the demo configuration');
    expect(await names(second.origin)).not.toContain('demo-ut-scheduled');
    expect(await names(second.origin)).toContain('iPhoneService');
  }, 120_000);

  it('--no-demo starts without it', async () => {
    const run = await start(['--no-demo']);
    expect(run.output()).not.toContain('demo configuration');
    expect(await names(run.origin)).toEqual([]);
  }, 120_000);

  it('--config replaces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gms-demo-'));
    const config = join(dir, 'gms.json');
    writeFileSync(
      config,
      JSON.stringify({ services: { mine: { _type: 'builtin', _service: 'request-access' } } }),
    );
    const run = await start(['--config', config]);
    expect(run.output()).not.toContain('Loaded the demo configuration');
    expect(await names(run.origin)).toEqual(['mine']);
  }, 120_000);
});
