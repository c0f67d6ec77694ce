import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

import { LabOrderSequencer } from './test/support/sequencer.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    // NOTE: a root option (projects do not take their own sequencer); unit files do not care.
    sequence: { sequencer: LabOrderSequencer },
    projects: [
      {
        resolve: { alias: { '@': root } },
        test: {
          name: 'unit',
          include: [
            'lib/**/*.test.ts',
            'server/**/*.test.ts',
            'components/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        resolve: { alias: { '@': root } },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/support/whole-lab-setup.ts'],
          // NOTE: the lab engines are shared state; integration files run one at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
