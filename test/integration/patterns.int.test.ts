import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

const putGroup = (s: TestServer, group: string, patterns: Record<string, string>) =>
  s.admin(`/admin/patterns/${group}`, jsonBody(patterns, 'PUT'));

describe('Pattern Matcher API', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    expect((await putGroup(s, 'g1', { Pattern1: '\\d{3}' })).status).toBe(200);
    expect(
      (
        await putGroup(s, 'Callback_exceptions', {
          exception1: '555.*',
          ex2: '123.*',
          ex3: 'a',
          ddd: '12345',
        })
      ).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('conformance 15: form param1=555 against g1 (Pattern1=\\d{3}) answers {"param1":"Pattern1"}', async () => {
    const res = await s.fetch(
      '/patterns/group/g1',
      formBody({ param1: '555', param2: '5555', param3: 'abc' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ param1: 'Pattern1' });
  });

  it('answers {} when nothing matches', async () => {
    const res = await s.fetch('/patterns/group/g1', formBody({ param1: '55' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });

  it('takes a JSON body', async () => {
    const res = await s.fetch('/patterns/group/g1', jsonBody({ a: '123', b: 456, c: 'x' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ a: 'Pattern1', b: 'Pattern1' });
  });

  it('takes a multipart body (the UI posts test_value)', async () => {
    const form = new FormData();
    form.append('test_value', '5551234');
    form.append('other', '12345');
    form.append('none', 'zzz');
    const res = await s.fetch('/patterns/group/Callback_exceptions', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    // `12345` matches both `ddd` and `ex2` (123.*): the first in name order wins.
    expect(await res.json()).toEqual({ test_value: 'exception1', other: 'ddd' });
  });

  it('answers 404 for an unknown group', async () => {
    const res = await s.fetch('/patterns/group/nope', formBody({ param1: '555' }));
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.code).toBe(404);
    expect(body.message).toContain("'nope'");
  });

  it('the general list tries groups in name order: Callback_exceptions before g1', async () => {
    const res = await s.fetch('/patterns', formBody({ x: '555', y: '987', z: 'a', w: '!' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ x: 'exception1', y: 'Pattern1', z: 'ex3' });
  });

  it('rejects over-long values with 400 naming the parameter', async () => {
    const res = await s.fetch('/patterns/group/g1', formBody({ huge: '5'.repeat(10_001) }));
    expect(res.status).toBe(400);
    expect((await res.json()).parameter).toBe('huge');
  });

  it('rejects a group with a backreference or lookahead: 400 naming the pattern and why; nothing is saved', async () => {
    const res = await putGroup(s, 'bad', { fine: '\\d+', Broken: '(a)\\1' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.parameter).toBe('Broken');
    expect(body.message).toContain("Pattern 'Broken'");
    expect(body.message).toMatch(/backreferences/i);
    const look = await putGroup(s, 'bad', { Ahead: 'a(?=b)' });
    expect(look.status).toBe(400);
    expect((await look.json()).parameter).toBe('Ahead');
    expect((await s.admin('/admin/patterns/bad')).status).toBe(404);
  });

  it('rejects a pattern longer than 1000 characters', async () => {
    const res = await putGroup(s, 'long', { Long: 'a'.repeat(1_001) });
    expect(res.status).toBe(400);
    expect((await res.json()).parameter).toBe('Long');
  });

  it('rejects a non-JSON or non-flat management body', async () => {
    const nested = await putGroup(s, 'nested', { P: { x: 1 } } as unknown as Record<string, string>);
    expect(nested.status).toBe(400);
    const form = await s.admin('/admin/patterns/form', formBody({ P: 'a' }, 'PUT'));
    expect(form.status).toBe(400);
    expect((await form.json()).parameter).toBe('Content-Type');
  });

  it('saves catastrophic-backtracking patterns and matches 5,000-char inputs through HTTP', async () => {
    expect((await putGroup(s, 'evil', { E1: '(a+)+$', E2: '(a|aa)+b' })).status).toBe(200);
    const input = 'a'.repeat(5_000);
    const res = await s.fetch('/patterns/group/evil', formBody({ p: input, q: `${input}b`, r: `${input}!` }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ p: 'E1', q: 'E2' });
  });

  it('requires credentials for management', async () => {
    const res = await s.fetch('/admin/patterns/g1', jsonBody({ P: 'x' }, 'PUT'));
    expect(res.status).toBe(401);
  });

  it('management: list, get, replace and delete', async () => {
    const list = await s.admin('/admin/patterns');
    expect(list.status).toBe(200);
    const groups = (await list.json()) as Array<{ name: string; patterns: Record<string, string> }>;
    expect(groups.map((g) => g.name)).toEqual(['Callback_exceptions', 'evil', 'g1']);
    expect(groups.find((g) => g.name === 'g1')!.patterns).toEqual({ Pattern1: '\\d{3}' });

    const one = await s.admin('/admin/patterns/g1');
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({ Pattern1: '\\d{3}' });

    const put = await putGroup(s, 'g1', { Four: '\\d{4}' });
    expect(await put.json()).toEqual({ Four: '\\d{4}' });
    expect(
      await (await s.fetch('/patterns/group/g1', formBody({ param1: '555', n: '5555' }))).json(),
    ).toEqual({
      n: 'Four',
    });

    const del = await s.admin('/admin/patterns/g1', { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await s.admin('/admin/patterns/g1')).status).toBe(404);
    expect((await s.admin('/admin/patterns/g1', { method: 'DELETE' })).status).toBe(404);
    expect((await s.fetch('/patterns/group/g1', formBody({ param1: '555' }))).status).toBe(404);
  });
});
