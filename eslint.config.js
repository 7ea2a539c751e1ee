// Lint: enforces the layer import rule (docs: only src/core may be imported across layers;
// devtools/ may also import src/panel). Patterns match relative imports by folder name.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
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
  // No import cycles in src/: a cycle means two modules own one concern between them (and its
  // initialization order depends on which one a bundle reaches first).
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  layer('src/core', [], ['webextension-polyfill', 'preact', 'preact/*']),
  layer('src/hook', ['hook'], ['webextension-polyfill', 'preact']),
  layer('src/content', ['content']),
  layer('src/background', ['background']),
  layer('src/panel', ['panel']),
  layer('src/cli', ['cli']),
  layer('devtools', ['devtools', 'panel']),
  layer('demo-server', ['demo-server']),
);
