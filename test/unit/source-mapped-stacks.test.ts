import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, REQUIRE_BANNER } from '../../lib/function-bundle.js';
import { PROJECT_ROOT } from '../../lib/project-paths.js';

const INSTALLER = path.join(PROJECT_ROOT, 'functions', 'source-mapped-stacks.ts');

/** The throw is on line 4 of this source, column 9 (`new Error`). */
const SOURCE = [
  `import { installSourceMappedStacks } from ${JSON.stringify(INSTALLER)};`,
  'export function handler(): never {',
  '  const doubled = [1, 2, 3].map((n) => n * 2);',
  '  throw new Error(`boom ${doubled.length}`);',
  '}',
  "if (process.env.INSTALL === '1') installSourceMappedStacks();",
  'try {',
  '  handler();',
  '} catch (e) {',
  '  process.stdout.write((e as Error).stack ?? "");',
  '}',
  '',
].join('\n');

/**
 * A bundle built as the stack builds them (minified, with its .map next to it; it never names
 * `require`, so the banner line is taken off it and off its map), run by plain `node` without
 * `--enable-source-maps`, as in Lambda: its handler throws on line 4.
 */
describe('source-mapped stacks without --enable-source-maps', () => {
  let dir: string;
  let bundle: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gms-stacks-'));
    writeFileSync(path.join(dir, 'thrower.ts'), SOURCE);
    bundleFunction(path.join(dir, 'thrower.ts'), path.join(dir, 'out'));
    bundle = path.join(dir, 'out', 'index.mjs');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const stackOf = (install: boolean): string =>
    execFileSync(process.execPath, [bundle], {
      env: { PATH: process.env.PATH, INSTALL: install ? '1' : '0' },
      encoding: 'utf8',
    });

  it('is built without the require() banner', () => {
    expect(readFileSync(bundle, 'utf8').startsWith(REQUIRE_BANNER)).toBe(false);
  });

  it('without it, the stack points into the minified bundle', () => {
    const stack = stackOf(false);
    expect(stack.startsWith('Error: boom 3\n    at ')).toBe(true);
    expect(stack).toMatch(/index\.mjs:\d+:\d+/);
    expect(stack).not.toContain('thrower.ts');
  });

  it('installed, the same stack points at the TypeScript source, message kept', () => {
    const stack = stackOf(true);
    expect(stack.startsWith('Error: boom 3\n    at ')).toBe(true);
    expect(stack.split('\n')[1]).toMatch(/thrower\.ts:4:9\)$/);
    expect(stack).not.toMatch(/index\.mjs:\d+:\d+/);
  });
});
