import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EngineSpec } from '@/lib/config/engine-address';
import { loadConfig } from '@/server/config';

import { labEngineSpecs, waitFor } from '../support/lab-engines';
import { startLiveHarness } from '../support/live-harness';

/**
 * A Docker context made by the real CLI, in a DOCKER_CONFIG of its own, read as an engine: named
 * in PORTOLAN_ENGINES, and as the current context when nothing else is set. Both see node-3.
 */
const node3 = labEngineSpecs().find((spec) => spec.name === 'node-3') as EngineSpec;
const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e15-docker-config-'));
const { DOCKER_HOST: _ignored, ...cliEnv } = process.env;

const docker = (...args: string[]) =>
  execFileSync('docker', args, { env: { ...cliEnv, DOCKER_CONFIG: configDir }, stdio: 'pipe' });

beforeAll(() => {
  if (node3.address.kind !== 'unix') throw new Error('node-3 is not a unix socket');
  docker('context', 'create', 'e15-ctx', '--docker', `host=unix://${node3.address.socketPath}`);
});

afterAll(() => {
  fs.rmSync(configDir, { recursive: true, force: true });
});

/** The server's engines from this environment, read live until node-3 answers. */
async function seesNode3(env: Record<string, string>) {
  const config = loadConfig({ ...env, DOCKER_CONFIG: configDir });
  if (!config.ok) throw new Error(config.error.join('; '));
  const harness = await startLiveHarness(config.value.engines);
  try {
    const engine = await waitFor(
      'node-3 read through the context',
      () => {
        const health = harness.hub.health()[0];
        return health?.reachable ? health : null;
      },
      60_000,
    );
    return { names: config.value.engines.map((spec) => spec.name), engine };
  } finally {
    await harness.close();
  }
}

describe('Docker contexts as engines', () => {
  it('PORTOLAN_ENGINES=context:e15-ctx reads node-3', async () => {
    const { names, engine } = await seesNode3({ PORTOLAN_ENGINES: 'context:e15-ctx' });
    expect(names).toEqual(['e15-ctx']);
    expect(engine).toMatchObject({
      hostname: 'node-3',
      address: `unix://${node3.address.kind === 'unix' ? node3.address.socketPath : ''}`,
    });
  });

  it('with nothing set, the current context (docker context use) is the engine', async () => {
    docker('context', 'use', 'e15-ctx');
    expect(docker('context', 'ls', '--format', '{{.Name}} {{.Current}}').toString()).toContain(
      'e15-ctx true',
    );
    const { names, engine } = await seesNode3({});
    expect(names).toEqual(['e15-ctx']);
    expect(engine.hostname).toBe('node-3');
  });

  it('a context that is not there is a configuration error naming it', () => {
    const config = loadConfig({ PORTOLAN_ENGINES: 'context:e15-none', DOCKER_CONFIG: configDir });
    expect(config.ok ? null : config.error[0]).toMatch(
      /^PORTOLAN_ENGINES: context "e15-none": not in /,
    );
  });
});
