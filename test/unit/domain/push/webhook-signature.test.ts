import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../../../../functions/domain/push/webhook-signature.js';

describe('webhook signature', () => {
  const body = '{"id":"n1","message":{"_id":"s1"},"tag":"service.message.s1"}';

  it('is sha256=<hex HMAC-SHA256 of the body>', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(signBody('secret', body)).toBe(
      `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`,
    );
  });

  it('signs the UTF-8 bytes of the body', () => {
    const text = '{"m":"café ☕"}';
    expect(signBody('k', text)).toBe(
      `sha256=${createHmac('sha256', 'k').update(Buffer.from(text, 'utf8')).digest('hex')}`,
    );
  });

  it('verifies only the exact body with the same secret', () => {
    const header = signBody('secret', body);
    expect(verifySignature('secret', body, header)).toBe(true);
    expect(verifySignature('other', body, header)).toBe(false);
    expect(verifySignature('secret', `${body} `, header)).toBe(false);
    expect(verifySignature('secret', body, header.toUpperCase())).toBe(false);
    expect(verifySignature('secret', body, header.slice(0, -1))).toBe(false);
    expect(verifySignature('secret', body, undefined)).toBe(false);
  });
});
