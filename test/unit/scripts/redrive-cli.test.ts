import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../lib/project-paths.js';

const run = (args: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'redrive.ts'), ...args],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      // Arguments are checked before any AWS client exists; a made-up region and key keep any account out of reach.
      env: { ...process.env, AWS_REGION: 'xx-none-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' },
    },
  );

describe('npm run redrive (command line)', () => {
  it('prints its usage with --help and exits 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run redrive -- \[--stage <name>\]/);
  });

  it('refuses a bad argument with exit 2, the reason and the usage, before any AWS call', () => {
    const r = run(['--stage', 'prod', '--queue', 'both']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--queue must be work or tick, not 'both'.");
    expect(r.stderr).toContain('Usage: npm run redrive');
  });
});
