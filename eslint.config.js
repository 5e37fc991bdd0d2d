import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import local from './eslint/no-import-cycle.js';

/**
 * The layers of functions/ (docs/ARCHITECTURE.md): imports point down this list only.
 *   handlers -> composition -> http, routes -> use-cases -> adapters -> domain, ports
 * A layer is named by its folder (or top-level file) under functions/; a pattern matches a
 * relative import that passes through that folder, type-only imports included.
 */
const CDK = ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'];
const NO_CDK = { group: CDK, message: 'functions/ runs in Lambda: the CDK belongs in lib/.' };
const layer = (name, why) => ({
  regex: `(^|/)${name.replace('.', '\\.')}(/|\\.js$)`,
  message: `${why} (layer rules, docs/ARCHITECTURE.md).`,
});
/**
 * zod in functions/ (issue 11): zod classic was about 98 KB of every Lambda bundle. Functions take
 * `z` from functions/domain/zod.ts, which is `zod/mini` with the English messages the 400 bodies
 * quote; a direct `zod/mini` import is allowed for types only (they need no locale).
 */
const ZOD_CLASSIC = {
  regex: '^zod(/v4(/classic)?|/v3)?$',
  message:
    'functions/ use zod/mini: import z from functions/domain/zod.js (zod classic is ~98 KB of a bundle).',
};
const ZOD_MINI_DIRECT = {
  regex: '^zod/(mini|v4/mini|v4-mini)$',
  allowTypeImports: true,
  message: 'Import z from functions/domain/zod.js: it sets the English messages the 400 bodies quote.',
};
const ZOD = [ZOD_CLASSIC, ZOD_MINI_DIRECT];
const noLayers = (from, names) =>
  names.map((name) => layer(name, `functions/${from} must not import functions/${name}`));

const UP_FROM_DOMAIN = [
  'adapters',
  'handlers',
  'use-cases',
  'composition',
  'http',
  'routes',
  'wiring',
  'local',
  'lambda-handler',
  'observability',
  'tracing',
];
const UP_FROM_USE_CASES = [
  'adapters',
  'handlers',
  'composition',
  'wiring',
  'http',
  'routes',
  'local',
  'lambda-handler',
];
const UP_FROM_ADAPTERS = [
  'handlers',
  'use-cases',
  'composition',
  'wiring',
  'http',
  'routes',
  'local',
  'lambda-handler',
];
const UP_FROM_HTTP = ['handlers', 'composition', 'wiring', 'local'];

/**
 * Files that break the layer or cycle rules today, before issue 13's restructuring lands (the
 * cycles: wiring.ts (composition/ after phase 0) <-> handlers/routing/* and chat-actions.ts;
 * domain records imported back from ports.ts; table-definitions <-> callback-index-layout). The
 * lead empties both lists.
 */
const LAYER_EXCEPTIONS_TODAY = [];
const CYCLE_EXCEPTIONS_TODAY = [];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.gms-data/', 'test-results/', 'ui/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_CDK, ...ZOD] }],
    },
  },
  {
    files: ['functions/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@aws-sdk/*', ...CDK, ...ZOD] }],
    },
  },
  // Layer rules. Each block restates the package patterns above, because a later block's
  // `no-restricted-imports` replaces an earlier one for the files both match.
  {
    files: ['functions/domain/**/*.ts'],
    ignores: LAYER_EXCEPTIONS_TODAY,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', '@aws-lambda-powertools/*', ...CDK],
              message: 'The domain is pure TypeScript.',
            },
            ...noLayers('domain', UP_FROM_DOMAIN),
            ...ZOD,
          ],
        },
      ],
    },
  },
  {
    files: ['functions/ports.ts', 'functions/ports/**/*.ts'],
    ignores: LAYER_EXCEPTIONS_TODAY,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NO_CDK, ...ZOD, ...noLayers('ports', UP_FROM_DOMAIN)] },
      ],
    },
  },
  {
    files: ['functions/use-cases/**/*.ts'],
    ignores: LAYER_EXCEPTIONS_TODAY,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*', ...CDK], message: 'Use cases reach AWS only through ports.' },
            ...noLayers('use-cases', UP_FROM_USE_CASES),
            ...ZOD,
          ],
        },
      ],
    },
  },
  {
    files: ['functions/adapters/**/*.ts'],
    ignores: [...LAYER_EXCEPTIONS_TODAY, 'functions/adapters/router/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NO_CDK, ...ZOD, ...noLayers('adapters', UP_FROM_ADAPTERS)] },
      ],
    },
  },
  {
    // The built-in router is a `Router` made of the product's own routing flows: the one adapter
    // that runs use cases (use-cases/routing only), so another router can replace it whole.
    files: ['functions/adapters/router/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_CDK,
            ...ZOD,
            ...noLayers(
              'adapters/router',
              UP_FROM_ADAPTERS.filter((l) => l !== 'use-cases'),
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['functions/http/**/*.ts', 'functions/routes/**/*.ts'],
    ignores: LAYER_EXCEPTIONS_TODAY,
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_CDK, ...ZOD, ...noLayers('http', UP_FROM_HTTP)] }],
    },
  },
  {
    files: ['functions/composition/**/*.ts'],
    ignores: LAYER_EXCEPTIONS_TODAY,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NO_CDK, ...ZOD, ...noLayers('composition', ['handlers', 'local'])] },
      ],
    },
  },
  {
    files: ['functions/handlers/**/*.ts'],
    ignores: LAYER_EXCEPTIONS_TODAY,
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_CDK, ...ZOD, ...noLayers('handlers', ['local'])] }],
    },
  },
  {
    // The one module that imports zod/mini's values: it sets the locale before any schema parses.
    files: ['functions/domain/zod.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', '@aws-lambda-powertools/*', ...CDK],
              message: 'The domain is pure TypeScript.',
            },
            ...noLayers('domain', UP_FROM_DOMAIN),
            ZOD_CLASSIC,
          ],
        },
      ],
    },
  },
  {
    files: ['functions/**/*.ts'],
    ignores: CYCLE_EXCEPTIONS_TODAY,
    plugins: { local },
    rules: { 'local/no-import-cycle': 'error' },
  },
);
