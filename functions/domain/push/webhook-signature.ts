import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header an `httpcb` receiver checks to know the POST came from this server. */
export const SIGNATURE_HEADER = 'X-GMS-Signature';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as GitHub-style webhooks do. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Constant-time check of a received signature header (what a receiver does). */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
