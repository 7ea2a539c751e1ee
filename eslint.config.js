// Lint: enforces the layer import rule (docs: only src/core may be imported across layers;
// devtools/ may also import src/panel). Patterns match relative imports by folder name.
import tseslint from 'typescript-eslint';

const FOLDERS = ['hook', 'content', 'background', 'panel', 'cli', 'devtools', 'demo-server', 'test'];

const layer = (files, allowed, extra = []) => ({
  files: [`${files}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...FOLDERS.filter((f) => !allowed.includes(f)).map((f) => ({
            group: [`**/${f}`, `**/${f}/**`],
            message: `${files} may not import ${f}: layers talk only through src/core (see docs/internals.md).`,
          })),
          ...extra.map((p) => ({ group: [p], message: `${files} is pure: no ${p}.` })),
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', '.scratch/**'] },
  ...tseslint.configs.recommended,
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] } },
  layer('src/core', [], ['webextension-polyfill', 'preact', 'preact/*']),
  layer('src/hook', ['hook'], ['webextension-polyfill', 'preact']),
  layer('src/content', ['content']),
  layer('src/background', ['background']),
  layer('src/panel', ['panel']),
  layer('src/cli', ['cli']),
  layer('devtools', ['devtools', 'panel']),
  layer('demo-server', ['demo-server']),
);
