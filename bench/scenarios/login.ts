import { ms, stats, type BenchContext } from '../harness.js';

/**
 * 7. Login timing: an admin request with a known user and a wrong password against one with an
 * unknown user. Both must run one scrypt (the unknown user against a dummy hash), or the answer
 * time tells which usernames exist. Stays under the lockout: 5 known users with 4 failures each
 * (and one warm-up: the limit is 10 per user), a fresh unknown name per sample, 42 failures from this address (the
 * limit is 100).
 */
export async function login({ api, put, report }: BenchContext): Promise<void> {
  const samples = 20;
  const users = 5;
  console.log(
    `\n7. Login timing: known user + wrong password vs unknown user (${samples} each, interleaved)`,
  );
  for (let u = 0; u < users; u++) {
    await put(`/admin/users/bench-login-${u}`, { password: `bench-password-${u}`, roles: ['Supervisor'] });
  }
  const attempt = async (username: string) => {
    const start = performance.now();
    const res = await fetch(`${api}/admin/node/status`, {
      headers: { authorization: `Basic ${Buffer.from(`${username}:wrong-password`).toString('base64')}` },
    });
    await res.arrayBuffer();
    if (res.status !== 401) throw new Error(`${username}: expected 401, got ${res.status}`);
    return performance.now() - start;
  };
  // Warm up both paths (the dummy hash is made on the first unknown user).
  await attempt('bench-login-0');
  await attempt('bench-ghost-warm');
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < samples; i++) {
    known.push(await attempt(`bench-login-${i % users}`));
    unknown.push(await attempt(`bench-ghost-${i}`));
  }
  const k = stats(known).median;
  const u = stats(unknown).median;
  console.log(`  known user, wrong password: median ${ms(k)}`);
  console.log(`  unknown user:               median ${ms(u)}`);
  report.check(
    'login: known-user / unknown-user answer time (slower / faster median)',
    Math.max(k, u) / Math.min(k, u),
    2,
    {
      unit: 'x',
      source: 'issue 14: constant-time user lookup, within 2x',
    },
  );
}
