import { describe, expect, it } from 'vitest';
import {
  HttpCallbackSender,
  LOCAL_DEV_PUSH_SECRET,
  pushSecretSource,
} from '../../../../functions/adapters/push/http-callback-sender.js';
import { verifySignature } from '../../../../functions/domain/push/webhook-signature.js';

/** A fetch stand-in that records the request and answers `respond()`. */
function fakeFetch(respond: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return respond();
  }) as unknown as typeof fetch;
  return { calls, impl };
}

describe('HttpCallbackSender', () => {
  const body = '{"id":"n1","message":{"_id":"s1"},"tag":"t"}';

  it('POSTs the body as JSON with its signature and reports a 2xx as delivered', async () => {
    const f = fakeFetch(() => new Response(null, { status: 204 }));
    const sender = new HttpCallbackSender({ secret: async () => 'k', fetch: f.impl });
    expect(await sender.post('https://h.example/x', body)).toEqual({ ok: true });
    const { url, init } = f.calls[0]!;
    expect(url).toBe('https://h.example/x');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(body);
    expect(init.redirect).toBe('manual');
    const headers = init.headers as Record<string, string>;
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(verifySignature('k', body, headers['X-GMS-Signature'])).toBe(true);
  });

  it('classifies failures: 5xx and network errors retryable, other 4xx and redirects not', async () => {
    const outcome = (status: number) =>
      new HttpCallbackSender({
        secret: async () => 'k',
        fetch: fakeFetch(() => new Response(null, { status })).impl,
      }).post('https://h.example/x', body);
    expect(await outcome(503)).toEqual({ ok: false, retryable: true, detail: 'HTTP 503' });
    expect(await outcome(429)).toEqual({ ok: false, retryable: true, detail: 'HTTP 429' });
    expect(await outcome(404)).toEqual({ ok: false, retryable: false, detail: 'HTTP 404' });
    expect(await outcome(302)).toEqual({ ok: false, retryable: false, detail: 'HTTP 302' });
    const down = new HttpCallbackSender({
      secret: async () => 'k',
      fetch: fakeFetch(() => Promise.reject(new TypeError('fetch failed'))).impl,
    });
    expect(await down.post('https://h.example/x', body)).toEqual({
      ok: false,
      retryable: true,
      detail: 'fetch failed',
    });
  });

  it('fails loudly, without POSTing, when the signing key is missing', async () => {
    const f = fakeFetch(() => new Response(null, { status: 200 }));
    const sender = new HttpCallbackSender({
      secret: pushSecretSource('aws', 'us-east-1', {}),
      fetch: f.impl,
    });
    await expect(sender.post('https://h.example/x', body)).rejects.toThrow(/GMS_PUSH_HMAC_SECRET/);
    expect(f.calls).toEqual([]);
  });
});

describe('pushSecretSource', () => {
  it('prefers GMS_PUSH_HMAC_SECRET, then falls back to the local development key in local mode only', async () => {
    expect(await pushSecretSource('aws', 'us-east-1', { GMS_PUSH_HMAC_SECRET: 'given' })()).toBe('given');
    expect(await pushSecretSource('local', 'us-east-1', { GMS_PUSH_HMAC_SECRET: 'given' })()).toBe('given');
    expect(await pushSecretSource('local', 'us-east-1', {})()).toBe(LOCAL_DEV_PUSH_SECRET);
    await expect(pushSecretSource('aws', 'us-east-1', {})()).rejects.toThrow(/GMS_PUSH_HMAC_SECRET_ID/);
  });
});
