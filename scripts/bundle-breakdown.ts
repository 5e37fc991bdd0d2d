/**
 * What each function's static closure (what a cold start loads) is made of: bytes per package and,
 * with `--files`, per source file; with `--on-demand`, what each `import()` target adds when a
 * request first reaches it (its chunk and the chunks it imports, beyond the static closure).
 * `npx tsx scripts/bundle-breakdown.ts [--files] [--on-demand] [functionId ...]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FUNCTION_IDS, type FunctionId } from '../lib/area-permissions.js';
import type { Metafile } from 'esbuild';
import { bundleFunction, staticClosure } from '../lib/function-bundle.js';
import { handlerEntry } from '../lib/project-paths.js';

const args = process.argv.slice(2);
const perFile = args.includes('--files');
const onDemand = args.includes('--on-demand');
const asked = args.filter((a) => !a.startsWith('--')) as FunctionId[];
const ids = asked.length > 0 ? asked : [...FUNCTION_IDS];

/** `node_modules/@scope/pkg/...` -> `@scope/pkg`; project files -> their first two folders. */
function groupOf(input: string): string {
  const nm = input.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = input.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return input.split('/').slice(0, 3).join('/');
}

/** The output files `start` loads: itself and its static imports, transitively. */
function loadedWith(meta: Metafile, start: string): Set<string> {
  const seen = new Set([start]);
  const pending = [start];
  while (pending.length > 0) {
    for (const i of meta.outputs[pending.pop()!]?.imports ?? []) {
      if (i.external || i.kind !== 'import-statement' || seen.has(i.path)) continue;
      seen.add(i.path);
      pending.push(i.path);
    }
  }
  return seen;
}

/** Each `import()` target's entry (the source it loads) and the bytes it adds to the static closure. */
function onDemandEntries(meta: Metafile, staticFiles: Set<string>): [string, number][] {
  const rows: [string, number][] = [];
  for (const [file, out] of Object.entries(meta.outputs)) {
    if (!file.endsWith('.mjs') || staticFiles.has(file) || !out.entryPoint) continue;
    let bytes = 0;
    for (const f of loadedWith(meta, file)) if (!staticFiles.has(f)) bytes += meta.outputs[f]!.bytes;
    rows.push([out.entryPoint, bytes]);
  }
  return rows.sort((a, b) => b[1] - a[1]);
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1).padStart(7);
const outRoot = mkdtempSync(path.join(tmpdir(), 'gms-breakdown-'));
try {
  for (const id of ids) {
    const meta = bundleFunction(handlerEntry(id), path.join(outRoot, id));
    const closure = staticClosure(meta);
    const dir = path.join(outRoot, id);
    const groups = new Map<string, number>();
    const files = new Map<string, number>();
    for (const [file, out] of Object.entries(meta.outputs)) {
      if (!file.endsWith('.mjs')) continue;
      const rel = path.relative(path.relative(process.cwd(), dir), file);
      if (!closure.staticFiles.includes(rel)) continue;
      for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
        groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
        files.set(input, (files.get(input) ?? 0) + bytesInOutput);
      }
    }
    console.log(`\n== ${id}: ${kb(closure.staticBytes)} KB static (${closure.staticFiles.join(', ')})`);
    const rows = [...(perFile ? files : groups)].sort((a, b) => b[1] - a[1]);
    for (const [name, bytes] of rows) if (bytes >= 200) console.log(`${kb(bytes)}  ${name}`);
    if (onDemand) {
      const staticFiles = new Set(
        Object.keys(meta.outputs).filter((f) =>
          closure.staticFiles.includes(path.relative(path.relative(process.cwd(), dir), f)),
        ),
      );
      console.log('  on demand (loaded by the first request that reaches it, KB beyond the static closure):');
      for (const [entry, bytes] of onDemandEntries(meta, staticFiles)) console.log(`${kb(bytes)}  ${entry}`);
    }
  }
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}
