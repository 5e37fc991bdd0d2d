import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../functions/domain/password-hash.js';

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('password');
    const b = await hashPassword('password');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('password', a)).toBe(true);
    expect(await verifyPassword('Password', a)).toBe(false);
    expect(await verifyPassword('password', 'plain-text')).toBe(false);
  });
});
