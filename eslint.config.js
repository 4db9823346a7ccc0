import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Tests poke at loosely shaped JSON replies; precision there buys little.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test-helpers.ts', '**/testing/**', 'tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Only the Electron shell may import electron: the core must run under plain Node.
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only electron/main and electron/preload may import 'electron'." }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='require'][arguments.0.value='electron']", message: "Only electron/main and electron/preload may require 'electron'." },
      ],
    },
  },
  {
    // The UI reaches the core only through the typed API.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the core only through the typed API.' }],
          patterns: [{ group: ['**/electron/core/**', '**/electron/host/**', 'node:*'], message: 'The renderer talks to the core only through the typed API (shared/api).' }],
        },
      ],
    },
  },
  {
    // The license server shares the license protocol with the app through shared/ only.
    files: ['license-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: "Only electron/main and electron/preload may import 'electron'." }],
          patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'The license server depends only on shared/ (the license protocol is in shared/license).' }],
        },
      ],
    },
  },
);
