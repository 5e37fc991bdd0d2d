import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer and cycle rules of eslint.config.js, run through ESLint's Node API with the project's
 * config on fixture files laid out like functions/. The fixtures live in a temp folder outside the
 * repo (so tsc never sees them); with `overrideConfigFile`, the config's globs are read relative
 * to that folder, as they are relative to the repo on a normal run.
 */

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let root: string;
let eslint: ESLint;

const FIXTURES: Record<string, string> = {
  // A value cycle and a type-only cycle.
  'functions/domain/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
  'functions/domain/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
  'functions/domain/types-a.ts':
    "import type { B } from './types-b.js';\nexport interface A {\n  b?: B;\n}\n",
  'functions/domain/types-b.ts':
    "import type { A } from './types-a.js';\nexport interface B {\n  a?: A;\n}\n",
  // A one-way import: no cycle.
  'functions/domain/leaf.ts': 'export const leaf = 1;\n',
  'functions/domain/uses-leaf.ts': "import { leaf } from './leaf.js';\nexport const twice = leaf * 2;\n",
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'architecture-lint-'));
  for (const [file, text] of Object.entries(FIXTURES)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(REPO, 'eslint.config.js') });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** The messages of `ruleId` for `text` linted as `file` (relative to the fixture root). */
async function messages(file: string, text: string, ruleId: string) {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === ruleId).map((m) => m.message);
}

const lintFixture = (file: string) => messages(file, FIXTURES[file]!, 'local/no-import-cycle');
const layers = (file: string, text: string) => messages(file, text, 'no-restricted-imports');

describe('import cycles (local/no-import-cycle)', () => {
  it('reports both imports of a two-file cycle, naming the route', async () => {
    expect(await lintFixture('functions/domain/cycle-a.ts')).toEqual([
      'Import cycle: functions/domain/cycle-a.ts -> functions/domain/cycle-b.ts -> functions/domain/cycle-a.ts',
    ]);
    expect(await lintFixture('functions/domain/cycle-b.ts')).toHaveLength(1);
  });

  it('counts type-only imports: a circle of types is a circle of the design', async () => {
    expect(await lintFixture('functions/domain/types-a.ts')).toHaveLength(1);
    expect(await lintFixture('functions/domain/types-b.ts')).toHaveLength(1);
  });

  it('does not report a one-way import', async () => {
    expect(await lintFixture('functions/domain/uses-leaf.ts')).toEqual([]);
    expect(await lintFixture('functions/domain/leaf.ts')).toEqual([]);
  });
});

describe('layer rules (no-restricted-imports)', () => {
  const use = (spec: string, name = 'x') => `import { ${name} } from '${spec}';\nexport const y = ${name};\n`;

  it.each([
    ['functions/domain/callback/f.ts', '../../adapters/dynamodb/client.js'],
    ['functions/domain/callback/f.ts', '../../handlers/callback.js'],
    ['functions/domain/f.ts', '../use-cases/callback/create-callback.js'],
    ['functions/domain/f.ts', '../composition/full.js'],
    ['functions/domain/f.ts', '../http/http-result.js'],
    ['functions/domain/f.ts', '../routes/index.js'],
    ['functions/domain/f.ts', '../wiring.js'],
    ['functions/domain/f.ts', '../local/main.js'],
    ['functions/domain/f.ts', '@aws-sdk/client-sqs'],
    ['functions/ports.ts', './adapters/dynamodb/client.js'],
    ['functions/use-cases/callback/f.ts', '../../adapters/dynamodb/client.js'],
    ['functions/use-cases/callback/f.ts', '../../handlers/callback.js'],
    ['functions/use-cases/callback/f.ts', '../../composition/full.js'],
    ['functions/use-cases/callback/f.ts', '../../http/http-result.js'],
    ['functions/use-cases/callback/f.ts', '../../wiring.js'],
    ['functions/use-cases/callback/f.ts', '@aws-sdk/lib-dynamodb'],
    ['functions/adapters/dynamodb/f.ts', '../../handlers/callback.js'],
    ['functions/adapters/dynamodb/f.ts', '../../use-cases/callback/create-callback.js'],
    ['functions/adapters/dynamodb/f.ts', '../../composition/factories.js'],
    ['functions/http/f.ts', '../composition/full.js'],
    ['functions/composition/f.ts', '../handlers/callback.js'],
    ['functions/handlers/f.ts', '../local/main.js'],
  ])('%s may not import %s', async (file, spec) => {
    expect(await layers(file, use(spec))).toHaveLength(1);
  });

  it('counts type-only imports', async () => {
    const text = "import type { Deps } from '../wiring.js';\nexport type D = Deps;\n";
    expect(await layers('functions/domain/f.ts', text)).toHaveLength(1);
  });

  it.each([
    ['functions/domain/callback/f.ts', '../errors.js'],
    ['functions/domain/callback/f.ts', '../../ports/callbacks.js'],
    ['functions/use-cases/callback/f.ts', '../../domain/callback/callback-record.js'],
    ['functions/use-cases/callback/f.ts', '../../ports/index.js'],
    ['functions/adapters/dynamodb/f.ts', '../../domain/errors.js'],
    ['functions/adapters/dynamodb/f.ts', '@aws-sdk/lib-dynamodb'],
    ['functions/http/f.ts', '../use-cases/callback/create-callback.js'],
    ['functions/composition/f.ts', '../adapters/dynamodb/client.js'],
    ['functions/handlers/f.ts', '../composition/callback.js'],
  ])('%s may import %s', async (file, spec) => {
    expect(await layers(file, use(spec))).toEqual([]);
  });
  describe('zod: zod/mini through functions/domain/zod.ts (issue 11)', () => {
    const zod = (spec: string) => `import * as z from '${spec}';\nexport const s = z.string();\n`;

    it.each([
      ['functions/routes/f.ts', 'zod'],
      ['functions/routes/f.ts', 'zod/v4'],
      ['functions/domain/service-options/f.ts', 'zod'],
      ['functions/use-cases/admin/f.ts', 'zod/v4/classic'],
      ['functions/local/f.ts', 'zod'],
      ['functions/handlers/f.ts', 'zod'],
      ['functions/domain/zod.ts', 'zod'],
      ['functions/routes/f.ts', 'zod/mini'],
      ['functions/domain/f.ts', 'zod/v4/mini'],
    ])('%s may not import %s', async (file, spec) => {
      expect(await layers(file, zod(spec))).toHaveLength(1);
    });

    it.each([
      ['functions/routes/f.ts', '../domain/zod.js'],
      ['functions/domain/service-options/f.ts', '../zod.js'],
      ['functions/domain/zod.ts', 'zod/mini'],
    ])('%s may import %s', async (file, spec) => {
      expect(await layers(file, zod(spec))).toEqual([]);
    });

    it('a type-only import of zod/mini needs no locale and is allowed', async () => {
      const text = "import type * as z from 'zod/mini';\nexport type S = z.ZodMiniString;\n";
      expect(await layers('functions/http/f.ts', text)).toEqual([]);
    });
  });
});
