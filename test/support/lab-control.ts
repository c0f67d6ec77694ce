import { execFileSync } from 'node:child_process';

/**
 * Faults made on purpose in the lab: a dockerd frozen with SIGSTOP, a node's link to the lab
 * bridge cut. Every fault has its undo, and tests call the undo in `finally`/`afterAll` so a
 * failing test never leaves the shared lab broken.
 */
interface LabNodeStatus {
  name: string;
  pid: number | null;
  ip: string;
  swarm: { nodeId: string; role: string; ready: boolean };
}

function labStatus(): LabNodeStatus[] {
  let out: string;
  try {
    out = execFileSync('bash', ['scripts/lab/lab.sh', 'status', '--json'], { encoding: 'utf8' });
  } catch (error) {
    // NOTE: status exits non-zero while the lab is not healthy (a node away), which is when the
    // fault tests ask; its JSON is printed all the same.
    out = String((error as { stdout?: unknown }).stdout ?? '');
  }
  return (JSON.parse(out) as { nodes: LabNodeStatus[] }).nodes;
}

export function labNode(name: string): LabNodeStatus {
  const node = labStatus().find((candidate) => candidate.name === name);
  if (!node) throw new Error(`the lab has no ${name}`);
  return node;
}

function dockerdPid(name: string): number {
  const { pid } = labNode(name);
  if (!pid) throw new Error(`${name}: its dockerd is not running`);
  return pid;
}

/** Freezes a node's dockerd (it keeps its sockets open and answers nothing). */
export function freezeEngine(name: string): () => void {
  const pid = dockerdPid(name);
  process.kill(pid, 'SIGSTOP');
  let thawed = false;
  return () => {
    if (thawed) return;
    thawed = true;
    process.kill(pid, 'SIGCONT');
  };
}

/** `node-3` → the host side of its veth on the lab bridge (see scripts/lab/lab.sh). */
function labLink(name: string): string {
  const index = /^node-(\d+)$/.exec(name)?.[1];
  if (!index) throw new Error(`not a lab node name: ${name}`);
  return `ptl-n${index}-lab`;
}

/** Takes a node off the lab network (its engine socket stays reachable from this host). */
export function cutNodeLink(name: string): () => void {
  const link = labLink(name);
  execFileSync('ip', ['link', 'set', link, 'down']);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    execFileSync('ip', ['link', 'set', link, 'up']);
  };
}
