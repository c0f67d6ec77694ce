import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// NOTE: the layers are enforced here, not by hope: lib/ is pure and shared by server and browser,
// components/ and app/ never reach the Docker API, server/ never renders.
// NOTE: bare builtin names go in `paths` (exact), not `patterns`, which would also match any
// folder of ours with the same name (lib/http, lib/net).
const nodeBuiltinPaths = ['fs', 'path', 'http', 'https', 'net', 'child_process', 'os'].map(
  (name) => ({ name, message: 'Node built-ins stay on the server.' }),
);

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-*/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'bench/results/**',
      'bench/.tmp/**',
      '.test-results/**',
    ],
  },
  ...nextVitals,
  ...nextTypescript,
  prettier,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    ignores: ['lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths,
          patterns: [
            {
              group: ['node:*', 'dockerode', 'socket.io', 'react', 'react-dom', 'next', 'next/*'],
              message: 'lib/ is pure and shared by server and browser: no I/O, no framework.',
            },
            {
              group: ['@/server/*', '@/components/*', '@/app/*'],
              message: 'lib/ depends on nothing.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths,
          patterns: [
            {
              group: ['dockerode', 'socket.io', '@/server/*', 'node:*'],
              message: 'The browser side talks to the server over HTTP and socket.io only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    // NOTE: tests may drive the server with a real socket.io client.
    ignores: ['server/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/components/*', '@/app/*', 'react', 'react-dom', 'socket.io-client'],
              message: 'server/ holds Docker I/O and transport, never rendering.',
            },
          ],
        },
      ],
    },
  },
);
