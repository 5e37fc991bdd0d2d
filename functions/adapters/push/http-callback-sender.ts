import { isRetryableStatus } from '../../domain/push/retry-schedule.js';
import { SIGNATURE_HEADER, signBody } from '../../domain/push/webhook-signature.js';

export type CallbackOutcome = { ok: true } | { ok: false; retryable: boolean; detail: string };

export interface HttpCallbackOptions {
  /** Read on first use so functions that never POST do not need the secret. */
  secret: () => string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * One signed POST of a notification to an `httpcb` device URL. GMS's HttpCallback channel
 * expects a 2xx; the body is `{id, message, tag}` and `X-GMS-Signature` its HMAC-SHA256.
 */
export class HttpCallbackSender {
  constructor(private readonly options: HttpCallbackOptions) {}

  async post(url: string, body: string): Promise<CallbackOutcome> {
    const doFetch = this.options.fetch ?? fetch;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json;charset=UTF-8',
          [SIGNATURE_HEADER]: signBody(this.options.secret(), body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      // The answer's body is not used; reading it frees the connection.
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true };
      return { ok: false, retryable: isRetryableStatus(res.status), detail: `HTTP ${res.status}` };
    } catch (e) {
      // Network errors and timeouts: the receiver may be back later.
      return { ok: false, retryable: true, detail: (e as Error).message };
    }
  }
}

/** Local runs use this fixed value unless GMS_PUSH_HMAC_SECRET is set, so receivers can verify. */
export const LOCAL_DEV_PUSH_SECRET = 'gms-local-dev-push-secret';
export const PUSH_SECRET_ENV = 'GMS_PUSH_HMAC_SECRET';

export function pushSecret(mode: 'aws' | 'local', env: NodeJS.ProcessEnv = process.env): string {
  const value = env[PUSH_SECRET_ENV];
  if (value) return value;
  if (mode === 'local') return LOCAL_DEV_PUSH_SECRET;
  throw new Error(`${PUSH_SECRET_ENV} is not set: httpcb notifications cannot be signed.`);
}
