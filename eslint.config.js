// Lint rules: the recommended sets of ESLint and typescript-eslint, over src/, test/ and bench/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'vendor/**', 'data/**', 'test/artifacts/**', 'coverage/**', '.prof/**'] }, // .prof: local, untracked profiling scripts
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly', AbortSignal: 'readonly', URLSearchParams: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', Buffer: 'readonly', structuredClone: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The dashboard's browser script (served as it is, no build step).
    files: ['src/ui/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { document: 'readonly', window: 'readonly', location: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly', confirm: 'readonly', URLSearchParams: 'readonly' } },
  },
);
