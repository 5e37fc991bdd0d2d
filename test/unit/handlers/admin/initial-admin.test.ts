import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../../functions/domain/password-hash.js';
import { ensureAdminFromSecret } from '../../../../functions/handlers/admin/initial-admin.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { inMemoryUserStore } from '../../../support/in-memory-user-store.js';

describe('the first administrator from the admin secret', () => {
  it('does nothing without an admin secret (local mode seeds its own)', async () => {
    const { store: users } = inMemoryUserStore();
    await ensureAdminFromSecret({ users, clock: new ManualClock() });
    expect(await users.list()).toEqual([]);
  });

  it('creates `default` from the secret, flagged to change it, once; a failed read is tried again', async () => {
    const { store: users } = inMemoryUserStore();
    let reads = 0;
    const adminSecret = {
      password: async () => {
        reads++;
        if (reads === 1) throw new Error('throttled');
        return 'from-the-secret-1';
      },
    };
    const ports = { users, clock: new ManualClock(), adminSecret };
    await expect(ensureAdminFromSecret(ports)).rejects.toThrow('throttled');
    await ensureAdminFromSecret(ports);
    await ensureAdminFromSecret(ports);
    expect(reads).toBe(2);
    const [admin] = await users.list();
    expect(admin).toMatchObject({ username: 'default', roles: ['Administrator'], mustChangePassword: true });
    expect(await verifyPassword('from-the-secret-1', admin!.passwordHash)).toBe(true);
  });
});
