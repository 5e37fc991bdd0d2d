import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../functions/domain/errors.js';
import { verifyPassword } from '../../../functions/domain/password-hash.js';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  newPasswordSchema,
  passwordChangeRequiredMessage,
} from '../../../functions/domain/password-policy.js';
import { changeOwnPassword } from '../../../functions/use-cases/admin/change-own-password.js';
import { ensureInitialAdmin } from '../../../functions/use-cases/admin/ensure-initial-admin.js';
import { saveUser } from '../../../functions/use-cases/admin/save-user.js';
import type { IdGenerator } from '../../../functions/ports/clock-and-ids.js';
import { ManualClock } from '../../support/manual-clock.js';
import { inMemoryUserStore } from '../../support/in-memory-user-store.js';

function ports() {
  const { store } = inMemoryUserStore();
  let n = 0;
  const ids = { id: () => `v${++n}` } as IdGenerator;
  return { users: store, clock: new ManualClock(), ids };
}

describe('password policy', () => {
  it('takes 12 to 256 characters and names the rule', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(newPasswordSchema.safeParse('x'.repeat(11)).error?.issues[0]?.message).toBe(
      'must be at least 12 characters',
    );
    expect(newPasswordSchema.safeParse('x'.repeat(12)).success).toBe(true);
    expect(newPasswordSchema.safeParse('x'.repeat(MAX_PASSWORD_LENGTH)).success).toBe(true);
    expect(newPasswordSchema.safeParse('x'.repeat(MAX_PASSWORD_LENGTH + 1)).success).toBe(false);
  });

  it('tells the user the route and body of the change', () => {
    expect(passwordChangeRequiredMessage('a b')).toContain('PUT /genesys/1/admin/users/a%20b/password');
  });
});

describe('first-login password change', () => {
  it('flags the initial admin only when seeded the AWS way', async () => {
    const local = ports();
    expect(await ensureInitialAdmin(local, async () => 'password')).toBe(true);
    expect((await local.users.get('default'))?.mustChangePassword).toBeUndefined();
    const aws = ports();
    expect(await ensureInitialAdmin(aws, async () => 'from-the-secret', { mustChangePassword: true })).toBe(
      true,
    );
    expect((await aws.users.get('default'))?.mustChangePassword).toBe(true);
    // Never over an existing user.
    expect(await ensureInitialAdmin(aws, async () => 'other', { mustChangePassword: true })).toBe(false);
  });

  it('keeps the flag on a role change, clears it with a new password', async () => {
    const p = ports();
    await ensureInitialAdmin(p, async () => 'from-the-secret', { mustChangePassword: true });
    await saveUser(p, 'default', { roles: ['Administrator', 'Supervisor'] });
    expect((await p.users.get('default'))?.mustChangePassword).toBe(true);
    // The same password again is no change.
    await saveUser(p, 'default', { password: 'from-the-secret', roles: ['Administrator'] });
    expect((await p.users.get('default'))?.mustChangePassword).toBe(true);
    await saveUser(p, 'default', { password: 'set-by-an-admin', roles: ['Administrator'] });
    expect((await p.users.get('default'))?.mustChangePassword).toBeUndefined();
  });

  // Several scrypt hashes (deliberately slow): room for a loaded machine.
  it(
    'changes the own password: refuses the same one, then clears the flag with new credentials',
    { timeout: 30_000 },
    async () => {
      const p = ports();
      await ensureInitialAdmin(p, async () => 'from-the-secret', { mustChangePassword: true });
      const before = (await p.users.get('default'))!;
      await expect(changeOwnPassword(p, before, 'from-the-secret')).rejects.toMatchObject({
        parameter: 'new_password',
      });
      await expect(changeOwnPassword(p, before, 'from-the-secret')).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
      expect(await changeOwnPassword(p, before, 'a-brand-new-one')).toMatchObject({
        username: 'default',
        roles: ['Administrator'],
      });
      const after = (await p.users.get('default'))!;
      expect(after.mustChangePassword).toBeUndefined();
      expect(after.credentialsVersion).toBeDefined();
      expect(after.credentialsVersion).not.toBe(before.credentialsVersion);
      expect(await verifyPassword('a-brand-new-one', after.passwordHash)).toBe(true);
      expect(await verifyPassword('from-the-secret', after.passwordHash)).toBe(false);
      expect(after.createdAt).toBe(before.createdAt);
    },
  );
});
