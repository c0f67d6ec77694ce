import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TrafficSample } from '@/lib/traffic/types';

import { removeLabStack } from '../support/lab-stack';
import { TEST_LABELS, dockerFor, labEngineSpecs, waitFor } from '../support/lab-engines';

/**
 * Traffic through the agents (#16 item 3), on the deployed stack (deploy/portolan-stack.yml as
 * `npm run lab -- deploy-portolan` deploys it, a stack of this test's own): the dashboard has only
 * node-1's socket; two containers of ours talk on a bridge of node-2 (a worker), where only the
 * agent can read their sockets, through the host's /proc it mounts read-only, as a non-root user.
 * The conversation must reach the dashboard's GET /api/traffic with the right port, read by the
 * agent; and the agent's traffic endpoint refuses a caller without the dashboard's certificate.
 */
const run = promisify(execFile);
const tag = `tg-at${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const stack = tag;
const port =
  Number(process.env.PORTOLAN_TEST_STACK_PORT) || 20_000 + Math.floor(Math.random() * 10_000);
const specs = labEngineSpecs();
const managerSpec = specs.find((spec) => spec.name === 'node-1');
const workerSpec = specs.find((spec) => spec.name === 'node-2');
if (!managerSpec || !workerSpec) throw new Error('the lab has no node-1 or node-2');
const manager = dockerFor(managerSpec);
const worker = dockerFor(workerSpec);
const serverName = `${tag}-srv`;
const clientName = `${tag}-cli`;
const STOPPABLE = (script: string) => ['sh', '-c', `trap "exit 0" TERM; ${script}`];
const made: { containers: string[]; network: string | null } = { containers: [], network: null };
let url = '';
let token = '';

async function runOnWorker(name: string, cmd: string[]) {
  const container = await worker.createContainer({
    name,
    Image: 'busybox:latest',
    Cmd: cmd,
    Labels: TEST_LABELS,
    HostConfig: { NetworkMode: tag, Init: true },
  });
  made.containers.push(container.id);
  await container.start();
}

async function traffic(): Promise<TrafficSample> {
  const answer = await fetch(`${url}/api/traffic`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (answer.status !== 200) throw new Error(`GET /api/traffic: ${answer.status}`);
  return (await answer.json()) as TrafficSample;
}

/** Runs a node script inside the stack's dashboard container (on the overlay), its stdout. */
async function inDashboard(script: string): Promise<string> {
  const [found] = await manager.listContainers({
    filters: { label: [`com.docker.swarm.service.name=${stack}_dashboard`] },
  });
  if (!found) throw new Error('no dashboard container');
  const exec = await manager.getContainer(found.Id).exec({
    Cmd: ['node', '-e', script],
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  manager.modem.demuxStream(stream, out, out);
  await new Promise((resolve) => stream.on('end', resolve));
  return Buffer.concat(chunks).toString('utf8');
}

/** A script asking every agent's traffic endpoint, with or without the dashboard's certificate. */
const askAgents = (withCertificate: boolean) => `
const https = require('https'), dns = require('dns'), fs = require('fs');
const cert = ${withCertificate}
  ? { ca: fs.readFileSync('/run/secrets/ca.pem'), cert: fs.readFileSync('/run/secrets/cert.pem'),
      key: fs.readFileSync('/run/secrets/key.pem') }
  : {};
dns.lookup('tasks.agent', { all: true }, (error, found) => {
  if (error) { console.log(JSON.stringify({ error: error.message })); return; }
  let left = found.length;
  const answers = [];
  const done = (answer) => { answers.push(answer); if (--left === 0) console.log(JSON.stringify(answers)); };
  for (const { address } of found) {
    const request = https.get({ host: address, port: 9323, path: '/portolan/traffic?interval=500',
      rejectUnauthorized: false, ...cert }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
        const line = body.split('\\n')[0];
        if (res.statusCode !== 200 || body.includes('\\n')) {
          request.destroy();
          done({ address, status: res.statusCode, line: line.slice(0, 100000) });
        }
      });
      res.on('end', () => done({ address, status: res.statusCode, line: body.slice(0, 2000) }));
    });
    request.on('error', (e) => done({ address, refused: e.code || e.message }));
  }
});`;

beforeAll(async () => {
  const { stdout } = await run('bash', ['scripts/lab/lab.sh', 'deploy-portolan'], {
    env: { ...process.env, PORTOLAN_STACK: stack, PORTOLAN_PORT: String(port) },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 25 * 60_000,
  });
  const login = /(http:\/\/[0-9.]+:\d+)\/\?token=(\S+)/.exec(stdout);
  if (!login) throw new Error(`no login URL in: ${stdout}`);
  url = login[1]!;
  token = login[2]!;
  const network = await worker.createNetwork({ Name: tag, Driver: 'bridge', Labels: TEST_LABELS });
  made.network = network.id;
  await runOnWorker(
    serverName,
    STOPPABLE('mkdir -p /www && echo hello > /www/index.html && httpd -f -p 8080 -h /www & wait'),
  );
  await runOnWorker(
    clientName,
    STOPPABLE(
      `while :; do wget -q -O /dev/null http://${serverName}:8080/ ; sleep 0.5 & wait $!; done`,
    ),
  );
}, 30 * 60_000);

afterAll(async () => {
  for (const id of made.containers) {
    await worker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  if (made.network) {
    await worker
      .getNetwork(made.network)
      .remove()
      .catch(() => undefined);
  }
  await removeLabStack(stack);
}, 180_000);

describe('traffic on a worker, sampled by its agent', () => {
  it('shows client → server on 8080/tcp on node-2, read by the agent, in GET /api/traffic', async () => {
    const sample = await waitFor(
      'the conversation on node-2 in the stack dashboard',
      async () => {
        const current = await traffic();
        const found = current.conversations.find(
          (c) => c.from.name === clientName && c.to.name === serverName,
        );
        return found ? { current, found } : null;
      },
      120_000,
      500,
    );
    expect(sample.found).toMatchObject({ port: 8080, protocol: 'tcp', network: { name: tag } });
    expect(sample.found.from.kind).toBe('container');
    expect(sample.found.to.kind).toBe('container');
    const node2 = sample.current.engines.find((engine) => engine.engine === 'node-2');
    expect(node2).toMatchObject({ observable: true, via: 'agent', reason: null });
    expect(node2?.containers).toBeGreaterThanOrEqual(2);
    // the manager's own containers: read by the dashboard through the host's /proc it mounts
    const node1 = sample.current.engines.find((engine) => engine.engine === 'node-1');
    expect(node1).toMatchObject({ observable: true, via: 'host', reason: null });
    // the endpoint rates of our server come from node-2's counters, through the agent
    const rates = sample.current.endpoints.filter((rate) => rate.containerName === serverName);
    expect(rates.map((rate) => rate.networkName)).toContain(tag);
  });

  it('the agent streams its own node only to the dashboard certificate, and refuses without it', async () => {
    const refused = JSON.parse(await inDashboard(askAgents(false))) as {
      address: string;
      status?: number;
      refused?: string;
    }[];
    expect(refused.length).toBeGreaterThanOrEqual(3);
    for (const answer of refused) {
      expect(answer.status).toBeUndefined();
      expect(answer.refused).toBeTruthy();
    }
    const answered = JSON.parse(await inDashboard(askAgents(true))) as {
      status?: number;
      line?: string;
    }[];
    expect(answered.length).toBeGreaterThanOrEqual(3);
    const readings = answered.map((answer) => {
      expect(answer.status).toBe(200);
      return JSON.parse(answer.line ?? '') as { node: string; containers: { id: string }[] };
    });
    const node2 = readings.find((reading) => reading.node === 'node-2');
    const ours = made.containers;
    expect(ours).toHaveLength(2);
    for (const id of ours) expect(node2?.containers.map((c) => c.id)).toContain(id);
    // each agent speaks for its own engine only
    for (const reading of readings.filter((r) => r.node !== 'node-2')) {
      for (const id of ours) expect(reading.containers.map((c) => c.id)).not.toContain(id);
    }
  });
});
