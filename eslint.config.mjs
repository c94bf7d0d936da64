// Lint rules for the whole repository. Domain packages (core, groups, transfers, rewards) must stay
// pure: no clock, no randomness, no I/O (those come in with commands).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const domain = ['packages/core/src/**/*.ts', 'packages/groups/src/**/*.ts', 'packages/transfers/src/**/*.ts', 'packages/rewards/src/**/*.ts'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(describe|it|test)$/][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests.' },
      ],
    },
  },
  {
    files: domain,
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Domain code is pure: time comes in with the command.' },
        { object: 'Math', property: 'random', message: 'Domain code is pure: randomness comes in with the command.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Domain code is pure: time comes in with the command.' },
      ],
      'no-restricted-imports': ['error', { patterns: ['fs', 'node:*', 'http', 'net', 'child_process'] }],
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'fetch'],
    },
  },
  {
    files: ['scripts/**/*.js', 'packages/*/bin/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', global: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
