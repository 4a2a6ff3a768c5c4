// ESLint 10 flat config with typescript-eslint's recommended rules, and the project's direction of flow as import
// restrictions: each layer imports only from the layers below it, so a wrong import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers, lowest first: files → parse → model → permissions → policy → analysis (per-runbook analysis, rule kit)
 * → rules → engine → formatters → aws → cli. `util` holds leaf helpers every layer may use.
 */
const LAYERS = [
  'util',
  'parse',
  'model',
  'permissions',
  'policy',
  'analysis',
  'rules',
  'engine',
  'formatters',
  'aws',
  'cli',
];

/** A layer may not import any layer above it (relative imports that climb into a higher layer's directory). */
function layerRule(layer) {
  const above = LAYERS.slice(LAYERS.indexOf(layer) + 1);
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${above.join('|')})/`,
              message: `${layer}/ is below ${above.join(', ')} in the direction of flow (parse → model → permissions → policy → analysis → rules → engine → formatters → aws → cli): import only from lower layers.`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'action/dist/**',
      'node_modules/**',
      'coverage/**',
      'test/fixtures/**',
      'examples/**',
      'bench/corpus/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  ...LAYERS.filter((layer) => layer !== 'rules' && layer !== 'cli').map(layerRule),
  {
    // A rule imports the rule kit and nothing else of the project (a rule is one small file).
    files: ['rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./src/(?!analysis/ruleKit\\.js$)',
              message: 'A rule imports only from the rule kit (src/analysis/ruleKit.ts).',
            },
          ],
        },
      ],
    },
  },
);
