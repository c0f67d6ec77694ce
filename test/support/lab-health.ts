import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import type Docker from 'dockerode';

import { dockerFor, labEngineSpecs } from './lab-engines';

/**
 * The lab as every integration file expects to find it: each engine answering, each swarm node
 * Ready and Active as the manager reports it. Fault tests break it on purpose and undo what they
 * broke, but a swarm worker can stay Down after its fault is undone (CI once saw a node stay out
 * of the swarm for minutes, failing every file after the fault with unrelated errors). Each file
 * starts from a whole lab: it waits for one, mends a node that stays broken (and says so in the
 * log and in `.test-results/lab-repairs.jsonl`, which the test summary prints), and fails with
 * what is wrong when mending does not help.
 */
const run = promisify(execFile);

export interface LabProblem {
  node: string;
  /** What is wrong, in the engine's or the manager's words. */
  problem: 'unreachable' | 'not-ready' | 'not-active' | 'missing';
  detail: string;
}

interface SwarmNodeView {
  ID: string;
  Version: { Index: number };
  Spec: { Availability?: string } & Record<string, unknown>;
  Description?: { Hostname?: string };
  Status?: { State?: string; Message?: string };
}

const SWARM_NODES = ['node-1', 'node-2', 'node-3'];

async function answers(docker: Docker): Promise<string | null> {
  try {
    await docker.ping();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** What keeps the lab from being whole now; empty when it is. */
export async function labProblems(): Promise<LabProblem[]> {
  const specs = labEngineSpecs();
  const problems: LabProblem[] = [];
  for (const spec of specs) {
    const failure = await answers(dockerFor(spec));
    if (failure) problems.push({ node: spec.name, problem: 'unreachable', detail: failure });
  }
  const managerSpec = specs.find((spec) => spec.name === 'node-1');
  if (!managerSpec || problems.some((problem) => problem.node === 'node-1')) return problems;
  const nodes = (await dockerFor(managerSpec).listNodes()) as SwarmNodeView[];
  for (const name of SWARM_NODES) {
    // NOTE: a node that left and joined again is listed twice, the old one Down; the newest counts.
    const node = nodes
      .filter((candidate) => candidate.Description?.Hostname === name)
      .sort((a, b) => b.Version.Index - a.Version.Index)[0];
    if (!node) problems.push({ node: name, problem: 'missing', detail: 'not in the swarm' });
    else if (node.Status?.State !== 'ready')
      problems.push({
        node: name,
        problem: 'not-ready',
        detail: `${node.Status?.State ?? '?'} ${node.Status?.Message ?? ''}`.trim(),
      });
    else if (node.Spec.Availability !== 'active')
      problems.push({ node: name, problem: 'not-active', detail: node.Spec.Availability ?? '?' });
  }
  return problems;
}

const describeProblems = (problems: readonly LabProblem[]) =>
  problems.map(({ node, problem, detail }) => `${node} ${problem} (${detail})`).join('; ');

async function activate(nodeName: string): Promise<void> {
  const managerSpec = labEngineSpecs().find((spec) => spec.name === 'node-1');
  if (!managerSpec) return;
  const manager = dockerFor(managerSpec);
  const nodes = (await manager.listNodes()) as SwarmNodeView[];
  for (const node of nodes.filter((each) => each.Description?.Hostname === nodeName)) {
    await manager
      .getNode(node.ID)
      .update({ version: node.Version.Index, ...node.Spec, Availability: 'active' });
  }
}

/** Mends one node: an inactive one is activated, any other problem restarts its dockerd. */
async function mend(problem: LabProblem): Promise<void> {
  if (problem.problem === 'not-active') return activate(problem.node);
  await run('bash', ['scripts/lab/lab.sh', 'restart', problem.node], { timeout: 180_000 });
}

function recordRepair(file: string, problems: readonly LabProblem[], mended: boolean) {
  const line = { file, problems, mended, at: new Date().toISOString() };
  console.warn(JSON.stringify({ level: 'warn', msg: 'lab repaired before a test file', ...line }));
  try {
    fs.mkdirSync('.test-results', { recursive: true });
    fs.appendFileSync(path.join('.test-results', 'lab-repairs.jsonl'), `${JSON.stringify(line)}\n`);
  } catch {
    // NOTE: the log line above already says it.
  }
}

async function waitForWhole(timeoutMs: number): Promise<LabProblem[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = await labProblems().catch((error: Error) => [
      { node: 'node-1', problem: 'unreachable' as const, detail: error.message },
    ]);
    if (problems.length === 0 || Date.now() > deadline) return problems;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/**
 * Waits up to `settleMs` for the lab to be whole (a node that was just cut off or restarted comes
 * back on its own), then mends what is still broken, once. Throws when the lab stays broken.
 */
export async function ensureWholeLab(file: string, settleMs = 60_000): Promise<void> {
  const problems = await waitForWhole(settleMs);
  if (problems.length === 0) return;
  for (const problem of problems) await mend(problem).catch(() => undefined);
  const left = await waitForWhole(60_000);
  recordRepair(file, problems, left.length === 0);
  if (left.length > 0) {
    throw new Error(
      `the lab is not whole before ${file}: ${describeProblems(problems)}; ` +
        `still after mending: ${describeProblems(left)}`,
    );
  }
}
