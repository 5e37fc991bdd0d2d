import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

describe('Storage API', () => {
  let s: TestServer;
  let now = Date.UTC(2024, 5, 1, 10, 0, 0);
  const advance = (seconds: number) => (now += seconds * 1000);

  beforeAll(async () => {
    s = await startTestServer({ clock: { now: () => now } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  async function create(ttl: string, init: RequestInit): Promise<string> {
    const res = await s.fetch(`/storage/${ttl}`, init);
    expect(res.status).toBe(200);
    const { id } = await res.json();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    return id as string;
  }

  it('conformance 3: form Key1=Value1 -> id; read all and one key', async () => {
    const id = await create('3600', formBody({ Key1: 'Value1', 'a b': 'x&y=z' }));
    const all = await s.fetch(`/storage/${id}`);
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await all.json()).toEqual({ Key1: 'Value1', 'a b': 'x&y=z' });
    const one = await s.fetch(`/storage/${id}/Key1`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await one.text()).toBe('Value1');
    expect(await (await s.fetch(`/storage/${id}/${encodeURIComponent('a b')}`)).text()).toBe('x&y=z');
  });

  it('conformance 4: delete then get -> 200 then 404; a second delete is 404', async () => {
    const id = await create('3600', formBody({ Key1: 'Value1' }));
    const del = await s.fetch(`/storage/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const gone = await s.fetch(`/storage/${id}`);
    expect(gone.status).toBe(404);
    const body = await gone.json();
    expect(body.code).toBe(404);
    expect(body.message).toContain(id);
    expect((await s.fetch(`/storage/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('multipart: text fields and a binary file read back byte-exact with its content type', async () => {
    const bytes = Buffer.concat([Buffer.from([0, 255, 13, 10, 0x89, 0x50]), randomBytes(4096)]);
    const form = new FormData();
    form.append('note', 'hello');
    form.append('pic', new Blob([bytes], { type: 'image/png' }), 'photo.png');
    const id = await create('600', { method: 'POST', body: form });

    expect(await (await s.fetch(`/storage/${id}`)).json()).toEqual({ note: 'hello', pic: 'photo.png' });

    const bin = await s.fetch(`/storage/binary/${id}/pic`);
    expect(bin.status).toBe(200);
    expect(bin.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await bin.arrayBuffer()).equals(bytes)).toBe(true);

    const viaKey = await s.fetch(`/storage/${id}/pic`);
    expect(viaKey.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await viaKey.arrayBuffer()).equals(bytes)).toBe(true);

    const textAsBinary = await s.fetch(`/storage/binary/${id}/note`);
    expect(textAsBinary.status).toBe(200);
    expect(await textAsBinary.text()).toBe('hello');
    expect((await s.fetch(`/storage/binary/${id}/missing`)).status).toBe(404);
  });

  it('JSON body: scalar members are stored as strings; nested members are refused naming the key', async () => {
    const id = await create('600', jsonBody({ a: '1', n: 2, b: true }));
    expect(await (await s.fetch(`/storage/${id}`)).json()).toEqual({ a: '1', n: '2', b: 'true' });
    const nested = await s.fetch('/storage/600', jsonBody({ a: '1', deep: { x: 1 } }));
    expect(nested.status).toBe(400);
    expect((await nested.json()).parameter).toBe('deep');
    const array = await s.fetch('/storage/600', jsonBody(['a']));
    expect(array.status).toBe(400);
    expect((await array.json()).parameter).toBe('body');
  });

  it.each(['abc', '0', '-5'])('an invalid ttl (%s) means 30 s: alive at 29 s, gone at 31 s', async (ttl) => {
    const id = await create(ttl, formBody({ k: 'v' }));
    advance(29);
    expect((await s.fetch(`/storage/${id}`)).status).toBe(200);
    advance(2);
    expect((await s.fetch(`/storage/${id}`)).status).toBe(404);
    expect((await s.fetch(`/storage/${id}/k`)).status).toBe(404);
    expect((await s.fetch(`/storage/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await s.fetch(`/storage/${id}/60`, formBody({ k: 'w' }))).status).toBe(404);
  });

  it('update adds and replaces keys and restarts the ttl from now', async () => {
    const id = await create('30', formBody({ a: '1', b: '2' }));
    advance(20);
    const upd = await s.fetch(`/storage/${id}/60`, formBody({ b: '3', c: '4' }));
    expect(upd.status).toBe(200);
    advance(50);
    expect(await (await s.fetch(`/storage/${id}`)).json()).toEqual({ a: '1', b: '3', c: '4' });
    advance(11);
    expect((await s.fetch(`/storage/${id}`)).status).toBe(404);
  });

  it('update with a multipart file replaces a text key of the same name', async () => {
    const id = await create('600', formBody({ doc: 'draft', keep: 'yes' }));
    const form = new FormData();
    form.append('doc', new Blob([Buffer.from('%PDF-1.4')], { type: 'application/pdf' }), 'doc.pdf');
    expect((await s.fetch(`/storage/${id}/600`, { method: 'POST', body: form })).status).toBe(200);
    expect(await (await s.fetch(`/storage/${id}`)).json()).toEqual({ doc: 'doc.pdf', keep: 'yes' });
    const bin = await s.fetch(`/storage/binary/${id}/doc`);
    expect(bin.headers.get('content-type')).toBe('application/pdf');
    expect(await bin.text()).toBe('%PDF-1.4');
  });

  it('unknown id: 404 on every route', async () => {
    const id = 'doesnotexist';
    const responses = await Promise.all([
      s.fetch(`/storage/${id}/60`, formBody({ k: 'v' })),
      s.fetch(`/storage/${id}`),
      s.fetch(`/storage/${id}/k`),
      s.fetch(`/storage/binary/${id}/k`),
      s.fetch(`/storage/${id}`, { method: 'DELETE' }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    for (const r of responses) expect((await r.json()).exception).toMatch(/NotFoundException$/);
  });

  it('unknown key of an existing entry: 404', async () => {
    const id = await create('600', formBody({ k: 'v' }));
    expect((await s.fetch(`/storage/${id}/nope`)).status).toBe(404);
  });

  it('refuses bodies over 350 KB with 413 naming the limit, on create and on update', async () => {
    const big = await s.fetch('/storage/600', formBody({ k: 'x'.repeat(360 * 1024) }));
    expect(big.status).toBe(413);
    expect((await big.json()).message).toContain('350 KB');

    const form = new FormData();
    form.append('f', new Blob([randomBytes(360 * 1024)], { type: 'application/octet-stream' }), 'f.bin');
    expect((await s.fetch('/storage/600', { method: 'POST', body: form })).status).toBe(413);

    const id = await create('600', formBody({ a: 'x'.repeat(200 * 1024) }));
    const grow = await s.fetch(`/storage/${id}/600`, formBody({ b: 'x'.repeat(200 * 1024) }));
    expect(grow.status).toBe(413);
    expect((await s.fetch(`/storage/${id}/b`)).status).toBe(404);
  });

  it('keeps the gms_user header with the entry (not returned to clients)', async () => {
    const id = await create('600', {
      ...formBody({ k: 'v' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', gms_user: 'alice' },
    });
    expect(await (await s.fetch(`/storage/${id}`)).json()).toEqual({ k: 'v' });
    const stored = await s.deps.storage.get(id, now);
    expect(stored?.gmsUser).toBe('alice');
  });

  it('rejects an empty key with 400', async () => {
    const res = await s.fetch('/storage/600', formBody({ '': 'v' }));
    expect(res.status).toBe(400);
    expect((await res.json()).parameter).toBe('body');
  });

  it('rejects an empty key sent as JSON or as a multipart part (never stored as "undefined")', async () => {
    const json = await s.fetch('/storage/3600', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ '': 'empty key', k: 'v' }),
    });
    expect(json.status).toBe(400);
    expect((await json.json()).parameter).toBe('body');
    const multipart = new FormData();
    multipart.set('', 'x');
    multipart.set('k', 'v');
    const mp = await s.fetch('/storage/3600', { method: 'POST', body: multipart });
    expect(mp.status, await mp.clone().text()).toBe(400);
    expect((await mp.json()).parameter).toBe('body');
  });
});
