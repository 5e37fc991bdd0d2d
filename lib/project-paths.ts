import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: `lib/` sits directly below it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The lock file esbuild bundling pins dependency versions with. */
export const DEPS_LOCK_FILE = path.join(PROJECT_ROOT, 'package-lock.json');

/** Each function's entry point: `functions/handlers/<name>.ts`, exporting `handler`. */
export function handlerEntry(name: string): string {
  const entry = path.join(PROJECT_ROOT, 'functions', 'handlers', `${name}.ts`);
  if (!existsSync(entry)) {
    throw new Error(
      `Missing handler entry for function '${name}': ${path.relative(PROJECT_ROOT, entry)} must export 'handler'.`,
    );
  }
  return entry;
}
