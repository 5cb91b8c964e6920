// Lint: typescript-eslint's type-aware recommended rules over the TypeScript (the program of
// tsconfig.json), ESLint's recommended rules over the .mjs/.js scripts (examples, benchmarks).
// Formatting is Prettier's job (`npm run format:check`), so there are no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'URL',
    'Buffer',
    'setTimeout',
    'clearTimeout',
    'setImmediate',
    'performance',
    'TextEncoder',
    'TextDecoder',
    'structuredClone',
    'fetch',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'docs/api/', 'node_modules/', 'coverage/', 'examples/browser/dist/'] },
  js.configs.recommended,
  { languageOptions: { globals: nodeGlobals } },
  {
    // the browser example's page and Web Worker
    files: ['examples/browser/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(['self', 'document', 'Worker', 'Blob', 'URL', 'fetch'].map((name) => [name, 'readonly'])),
    },
  },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['*.config.ts'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_name` marks a binding kept for its position (destructuring out a field, a callback's unused parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests feed the library deliberately untyped and malformed values (the contract suite attacks
    // every export with them), and async generators without `await` are how they build streams.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      // …and print what they received, whatever it is, in assertion messages
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      // it.each and expect() pass methods around as values
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
