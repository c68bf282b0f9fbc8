// Type-checked ESLint at zero warnings. Libraries are imported only through their root alias
// (`@hub/messaging`), never by a deep path; the layer direction itself is checked by
// dependency-cruiser (.dependency-cruiser.cjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-duplicate-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@hub/*/*'], message: 'Import a lib only through its root alias, e.g. @hub/messaging.' },
            { group: ['**/libs/*/src/*', '../**/libs/**'], message: 'Import a lib through its @hub/* alias, not a relative path.' },
          ],
        },
      ],
    },
  },
  {
    // Tests may reach into an app's source to boot it; libraries still only through their alias.
    files: ['tests/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly', module: 'writable', require: 'readonly' },
    },
  },
);
