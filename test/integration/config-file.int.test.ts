import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyConfig, ConfigFileError, configFileSchema } from '../../functions/local/config-file.js';
import { basic, startTestServer, type TestServer } from '../support/test-server.js';

/** `npm start -- --config FILE`: the whole file is checked before anything of it is written. */
describe('config file', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  const file = (raw: unknown) => configFileSchema.parse(raw);
  const exists = async (path: string) => (await s.admin(path)).status === 200;

  it('a bad later entry leaves nothing written, not even the good entries before it', async () => {
    const bad = file({
      resources: { CfgPool: { dnis1: '6504660101', dnis2: '6504660102' } },
      patterns: { CfgPatterns: { p1: '\\d{3}' } },
      services: {
        CfgGood: { _type: 'builtin', _service: 'request-interaction', _resource_group: 'CfgPool' },
        CfgBad: { _type: 'builtin', _service: 'no-such-service' },
      },
      users: { cfguser: { password: 'long-enough-pw', roles: ['Supervisor'] } },
    });
    await expect(applyConfig(s.deps, bad, 'bad.yaml')).rejects.toThrow(ConfigFileError);
    await expect(applyConfig(s.deps, bad, 'bad.yaml')).rejects.toThrow(/bad\.yaml: services\.CfgBad/);
    expect(await exists('/admin/resources/CfgPool')).toBe(false);
    expect(await exists('/admin/patterns/CfgPatterns')).toBe(false);
    expect(await exists('/admin/services/CfgGood')).toBe(false);
    expect(await exists('/admin/users/cfguser')).toBe(false);

    // The very last entry (a new user without a password) stops the whole file too.
    const lastBad = file({
      resources: { CfgPool: { dnis1: '6504660101' } },
      users: { cfgnopw: { roles: ['Supervisor'] } },
    });
    await expect(applyConfig(s.deps, lastBad, 'last.yaml')).rejects.toThrow(/users\.cfgnopw/);
    expect(await exists('/admin/resources/CfgPool')).toBe(false);
  });

  it('a good file applies whole, entries may refer to each other, and the rules see the file in order', async () => {
    const good = file({
      resources: { CfgPool2: { _allocation_strategy: 'sequential', dnis1: '6504660201' } },
      services: {
        CfgSvc: { _type: 'builtin', _service: 'request-interaction', _resource_group: 'CfgPool2' },
      },
      users: {
        // A second Administrator first, so the one the file then demotes is not the last.
        cfgadmin: { password: 'long-enough-pw', roles: ['Administrator'] },
        default: { roles: ['Supervisor'] },
      },
    });
    expect(await applyConfig(s.deps, good, 'good.yaml')).toEqual({
      services: 1,
      resources: 1,
      patterns: 0,
      users: 2,
    });
    const admin = { headers: { authorization: basic('cfgadmin', 'long-enough-pw') } };
    expect((await s.fetch('/admin/resources/CfgPool2', admin)).status).toBe(200);
    expect((await (await s.fetch('/admin/users/default', admin)).json()).roles).toEqual(['Supervisor']);
    const created = await s.fetch('/service/CfgSvc', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '_phone_number=6504669999',
    });
    expect(await created.json()).toMatchObject({ _access_number: '6504660201' });
  });
});
