import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Runtime-free on purpose: the API (Node) and the console (browser) both run this code. */
const PLATFORM_IMPORTS = {
  patterns: [
    { group: ['node:*'], message: 'The clinical rules run in the browser too: no Node modules.' },
    {
      group: ['@angular/*', '@nestjs/*', 'typeorm', 'rxjs', 'rxjs/*'],
      message: 'Pure rules import no framework.',
    },
    { group: ['../../*', '**/backend/**', '**/frontend/**'], message: 'A library imports no app.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-imports': ['error', PLATFORM_IMPORTS],
    },
  },
  {
    files: ['*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
