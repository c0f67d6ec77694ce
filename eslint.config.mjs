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

// NOTE: flat config takes the last matching rule, so every lib/ block repeats these.
const libPurity = [
  {
    group: ['node:*', 'dockerode', 'socket.io', 'react', 'react-dom', 'next', 'next/*'],
    message: 'lib/ is pure and shared by server and browser: no I/O, no framework.',
  },
  {
    group: ['@/server/*', '@/components/*', '@/app/*'],
    message: 'lib/ depends on nothing.',
  },
];

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
          patterns: [...libPurity],
        },
      ],
    },
  },
  {
    files: ['lib/topology/**/*.ts', 'lib/docker/**/*.ts'],
    ignores: ['lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths,
          patterns: [
            ...libPurity,
            {
              group: ['@/lib/view/*', '@/lib/discovery/*', '../view/*', '../discovery/*'],
              message:
                'The model and the engine types sit under the view and the rules, not above.',
            },
            {
              // NOTE: spec builders take the validated request types; validation code stays out.
              group: ['@/lib/validation/*', '../validation/*', '../../validation/*'],
              allowTypeImports: true,
              message:
                'lib/topology and lib/docker may take types from lib/validation, never code.',
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
              group: ['dockerode', 'socket.io', '@/server/*', 'node:*', '**/server', '**/server/*'],
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
    ignores: ['server/**/*.test.ts', 'server/docker/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/components/*', '@/app/*', 'react', 'react-dom', 'socket.io-client'],
              message: 'server/ holds Docker I/O and transport, never rendering.',
            },
            {
              group: ['dockerode'],
              message: 'Every Engine API call goes through the gateway in server/docker.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/http/**/*.ts'],
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
            { group: ['dockerode'], message: 'Every Engine API call goes through server/docker.' },
            {
              group: [
                '../topology/*',
                '../../topology/*',
                '@/server/topology/*',
                '!../topology/topology-hub',
                '!../../topology/topology-hub',
                '!@/server/topology/topology-hub',
              ],
              message: 'Routes see the hub through its public face (topology-hub), not its parts.',
            },
            {
              group: [
                '../docker/client',
                '../../docker/client',
                '../docker/dial',
                '../../docker/dial',
              ],
              message: 'Routes call the gateway, not a Docker client.',
            },
          ],
        },
      ],
    },
  },
);
