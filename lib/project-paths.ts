import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Area } from '../functions/http/route-spec.js';

/** The repository root: `lib/` sits directly below it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The lock file esbuild bundling pins dependency versions with. */
export const DEPS_LOCK_FILE = path.join(PROJECT_ROOT, 'package-lock.json');

/** Each area's Lambda entry point: `functions/handlers/<area>.ts`, exporting `handler`. */
export function handlerEntry(area: Area): string {
  const entry = path.join(PROJECT_ROOT, 'functions', 'handlers', `${area}.ts`);
  if (!existsSync(entry)) {
    throw new Error(
      `Missing handler entry for area '${area}': ${path.relative(PROJECT_ROOT, entry)} must export 'handler'.`,
    );
  }
  return entry;
}
