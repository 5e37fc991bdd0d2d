import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * `local/no-import-cycle`: reports an import whose module imports, directly or through others,
 * the importing file back. Type-only imports count: a circle of types is still a circle of the
 * design, and `import-x/no-cycle` skips them by construction. Dynamic `import()` counts too.
 *
 * The graph is read from disk with TypeScript's import scanner (no type check, no resolver
 * plugin), following relative specifiers only, `.js` mapped to `.ts` as NodeNext writes them.
 * Each file's imports are cached by mtime, so one `eslint .` run reads each file once.
 */

const cache = new Map();

const isFile = (p) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The file a relative specifier names, or undefined for packages and missing files. */
function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [`${stem}.ts`, `${stem}.tsx`, `${stem}.d.ts`, base, path.join(base, 'index.ts')];
  return candidates.find(isFile);
}

function importsOnDisk(file) {
  let mtimeMs;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.targets;
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  const targets = [...new Set(importedFiles.map((f) => resolveSpecifier(file, f.fileName)).filter(Boolean))];
  cache.set(file, { mtimeMs, targets });
  return targets;
}

/** The shortest import path from `start` back to `goal` (both included), or undefined. */
function pathBack(start, goal) {
  const parent = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of importsOnDisk(file)) {
      if (next === goal) {
        const route = [goal, file];
        for (let p = parent.get(file); p !== undefined; p = parent.get(p)) route.push(p);
        return route.reverse();
      }
      if (!parent.has(next)) {
        parent.set(next, file);
        queue.push(next);
      }
    }
  }
  return undefined;
}

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles, type-only imports included' },
    schema: [],
    messages: { cycle: 'Import cycle: {{route}}' },
  },
  create(context) {
    const filename = context.physicalFilename;
    if (!path.isAbsolute(filename)) return {};
    const root = context.cwd;
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = resolveSpecifier(filename, source.value);
      if (!target || target === filename) return;
      const back = pathBack(target, filename);
      if (!back) return;
      const route = [filename, ...back].map((f) => path.relative(root, f)).join(' -> ');
      context.report({ node, messageId: 'cycle', data: { route } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.literal ?? node.argument),
    };
  },
};

export default { rules: { 'no-import-cycle': noImportCycle } };
