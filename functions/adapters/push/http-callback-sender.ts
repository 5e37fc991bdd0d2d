import type { WebhookOutcome, WebhookSender } from '../../ports/push.js';
import type { PortAwsCalls } from '../aws-calls/aws-call.js';
import { recordedPort } from '../aws-calls/recorded-port.js';
import { instrumentSdkClient } from '../aws-calls/instrumented-client.js';
import { secretCallDescriber } from '../aws-calls/service-call-describers.js';
import { isRetryableStatus } from '../../domain/push/retry-schedule.js';
import { refreshingValue } from '../refreshing-value.js';
import { SIGNATURE_HEADER, signBody } from '../../domain/push/webhook-signature.js';

export type CallbackOutcome = WebhookOutcome;

export interface HttpCallbackOptions {
  /** Read on first use so functions that never POST do not need the secret. */
  secret: () => Promise<string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * One signed POST of a notification to an `httpcb` device URL. GMS's HttpCallback channel
 * expects a 2xx; the body is `{id, message, tag}` and `X-GMS-Signature` its HMAC-SHA256.
 */
export class HttpCallbackSender implements WebhookSender {
  constructor(private readonly options: HttpCallbackOptions) {}

  async post(url: string, body: string): Promise<CallbackOutcome> {
    const doFetch = this.options.fetch ?? fetch;
    // Outside the try: a missing key is a deployment fault, not a receiver failure to retry.
    const signature = signBody(await this.options.secret(), body);
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json;charset=UTF-8',
          [SIGNATURE_HEADER]: signature,
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

/** Local runs use this fixed value unless a secret is configured, so receivers can verify. */
export const LOCAL_DEV_PUSH_SECRET = 'gms-local-dev-push-secret';
/** The key itself (tests, other hosts). */
export const PUSH_SECRET_ENV = 'GMS_PUSH_HMAC_SECRET';
/** A Secrets Manager secret `{"key": "..."}` holding it (set by the stack). */
export const PUSH_SECRET_ID_ENV = 'GMS_PUSH_HMAC_SECRET_ID';

/**
 * How long a warm environment signs with the key it read before reading the secret again: a
 * rotated key is in use everywhere within this time, with no deploy (docs/operations.md).
 */
export const PUSH_SECRET_TTL_MS = 5 * 60_000;

/**
 * Where the signing key comes from: `GMS_PUSH_HMAC_SECRET`, else the Secrets Manager secret named
 * by `GMS_PUSH_HMAC_SECRET_ID` (read again every `PUSH_SECRET_TTL_MS`), else in local mode the fixed development
 * value. In AWS without either, signing fails loudly rather than sending unsigned notifications.
 */
export function pushSecretSource(
  mode: 'aws' | 'local',
  region: string,
  env: NodeJS.ProcessEnv = process.env,
): () => Promise<string> {
  const direct = env[PUSH_SECRET_ENV];
  if (direct) return () => Promise.resolve(direct);
  const secretId = env[PUSH_SECRET_ID_ENV];
  if (secretId) return refreshingValue(() => readSecretKey(region, secretId), PUSH_SECRET_TTL_MS);
  if (mode === 'local') {
    const local = recordedPort({ read: () => Promise.resolve(LOCAL_DEV_PUSH_SECRET) }, PUSH_SECRET_AWS_CALLS);
    return () => local.read();
  }
  return () =>
    Promise.reject(
      new Error(
        `Neither ${PUSH_SECRET_ENV} nor ${PUSH_SECRET_ID_ENV} is set: httpcb notifications cannot be signed.`,
      ),
    );
}

/** What reading the key asks of AWS (the local fixed value is recorded as it). */
export const PUSH_SECRET_AWS_CALLS: PortAwsCalls<{ read(): Promise<string> }> = {
  read: [{ action: 'secretsmanager:GetSecretValue', resource: { kind: 'secret', secret: 'push-signing' } }],
};

async function readSecretKey(region: string, secretId: string): Promise<string> {
  // Read when the key is first needed (and on refresh): the package is loaded only then.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = instrumentSdkClient(
    new SecretsManagerClient({ region }),
    secretCallDescriber('push-signing'),
  );
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const value = JSON.parse(out.SecretString ?? '{}') as { key?: unknown };
  if (typeof value.key !== 'string' || value.key === '') {
    throw new Error(`Secret ${secretId} has no "key" field.`);
  }
  return value.key;
}
