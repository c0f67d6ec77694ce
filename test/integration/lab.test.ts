import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';

import { describe, expect, it } from 'vitest';

import { LAB_DIR, lab } from '../support/lab-script';

/**
 * The lab's life cycle against the real engines: up, Engine API checks, up again, restart,
 * node-4 (standalone) mended alone, down with a full leftover audit, down again, up again. Ends
 * with the lab up (not seeded). Destructive for anything else using the lab: integration files
 * must run one at a time.
 */

const NODES = ['node-1', 'node-2', 'node-3', 'node-4'] as const;
const SWARM_NODES = ['node-1', 'node-2', 'node-3'];
const socketOf = (node: string) => `${LAB_DIR}/${node}/docker.sock`;
const isRoot = process.getuid?.() === 0;

interface StatusJson {
  healthy: boolean;
  swarm: { nodes: number; ready: number; managers: number };
  nodes: {
    name: string;
    socket: string;
    ip: string;
    pid: number | null;
    reachable: boolean;
    swarm: { state: string; role: string; nodeId: string; ready: boolean };
  }[];
}

async function status(): Promise<StatusJson> {
  const run = await lab(['status', '--json'], 60_000);
  return JSON.parse(run.stdout) as StatusJson;
}

/** GET on an engine's unix socket (Engine API 1.41 = Debian's dockerd 20.10). */
function engineGet<T>(socketPath: string, path: string): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // _ping answers plain text
        }
        resolve({ status: res.statusCode ?? 0, body: body as T });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`timed out: GET ${path}`)));
    req.end();
  });
}

interface SwarmNode {
  ID: string;
  Spec: { Role: string };
  Description: { Hostname: string };
  Status: { State: string; Addr: string };
  ManagerStatus?: { Leader?: boolean; Addr: string };
}

/** Everything of the lab that may outlive it, as readable strings; [] when clean. */
function leftovers(): string[] {
  const found: string[] = [];
  if (existsSync(LAB_DIR)) found.push(`state folder ${LAB_DIR}`);
  if (existsSync('/run/netns')) {
    for (const ns of readdirSync('/run/netns'))
      if (ns.startsWith('portolan-')) found.push(`netns ${ns}`);
  }
  for (const link of readdirSync('/sys/class/net'))
    if (link.startsWith('ptl-')) found.push(`link ${link}`);
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const mountPoint = line.split(' ')[4];
    if (mountPoint && (mountPoint === LAB_DIR || mountPoint.startsWith(`${LAB_DIR}/`))) {
      found.push(`mount ${mountPoint}`);
    }
  }
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // gone meanwhile
    }
    if (cmdline.includes(LAB_DIR)) found.push(`process ${pid}: ${cmdline.slice(0, 120)}`);
  }
  const rules = execFileSync('iptables', ['-w', '-S'], { encoding: 'utf8' });
  for (const rule of rules.split('\n'))
    if (rule.includes('PORTOLAN')) found.push(`iptables ${rule}`);
  for (const controller of readdirSync('/sys/fs/cgroup')) {
    const dir = `/sys/fs/cgroup/${controller}`;
    try {
      for (const child of readdirSync(dir)) {
        if (child.startsWith('portolan-node-')) found.push(`cgroup ${dir}/${child}`);
      }
    } catch {
      // not a directory
    }
  }
  return found;
}

describe.skipIf(!isRoot)('lab life cycle (real dockerd x4; needs root)', () => {
  let pidsAfterUp: (number | null)[] = [];
  let nodeIdsAfterUp: string[] = [];

  it(
    'up brings a healthy three-node swarm and a standalone node-4',
    { timeout: 300_000 },
    async () => {
      const run = await lab(['up'], 240_000);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

      const s = await status();
      expect(s.healthy).toBe(true);
      expect(s.swarm).toEqual({ nodes: 3, ready: 3, managers: 1 });
      expect(s.nodes.map((n) => [n.name, n.socket, n.ip])).toEqual([
        ['node-1', socketOf('node-1'), '10.213.0.11'],
        ['node-2', socketOf('node-2'), '10.213.0.12'],
        ['node-3', socketOf('node-3'), '10.213.0.13'],
        ['node-4', socketOf('node-4'), '10.213.0.14'],
      ]);
      expect(s.nodes.map((n) => n.swarm.role)).toEqual([
        'manager',
        'worker',
        'worker',
        'standalone',
      ]);
      for (const node of s.nodes) {
        expect(node.reachable).toBe(true);
        expect(node.pid).toBeGreaterThan(1);
        expect(node.swarm.state).toBe(node.name === 'node-4' ? 'inactive' : 'active');
      }
      pidsAfterUp = s.nodes.map((n) => n.pid);
      nodeIdsAfterUp = s.nodes.map((n) => n.swarm.nodeId);
    },
  );

  it('env prints exactly the two exports', { timeout: 60_000 }, async () => {
    const run = await lab(['env'], 30_000);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `export DOCKER_HOST=unix://${socketOf('node-1')}`,
      `export PORTOLAN_ENGINES=${NODES.map((n) => `${n}=unix://${socketOf(n)}`).join(',')}`,
    ]);
  });

  it(
    'the Engine API shows an active swarm: 3 nodes Ready, 1 manager, image in every engine; node-4 outside it',
    { timeout: 60_000 },
    async () => {
      for (const node of NODES) {
        const ping = await engineGet<string>(socketOf(node), '/_ping');
        expect(ping).toEqual({ status: 200, body: 'OK' });
        const image = await engineGet<{ Config: { Cmd: string[] } }>(
          socketOf(node),
          '/v1.41/images/busybox:latest/json',
        );
        expect(image.status).toBe(200);
        expect(image.body.Config.Cmd).toEqual(['/bin/sh']);
      }

      const info = await engineGet<{
        Name: string;
        Swarm: {
          LocalNodeState: string;
          ControlAvailable: boolean;
          NodeAddr: string;
          Nodes: number;
        };
      }>(socketOf('node-1'), '/v1.41/info');
      expect(info.body.Name).toBe('node-1');
      expect(info.body.Swarm).toMatchObject({
        LocalNodeState: 'active',
        ControlAvailable: true,
        NodeAddr: '10.213.0.11',
        Nodes: 3,
      });

      const standalone = await engineGet<{ Name: string; Swarm: { LocalNodeState: string } }>(
        socketOf('node-4'),
        '/v1.41/info',
      );
      expect(standalone.body.Name).toBe('node-4');
      expect(standalone.body.Swarm.LocalNodeState).toBe('inactive');

      const nodes = (await engineGet<SwarmNode[]>(socketOf('node-1'), '/v1.41/nodes')).body;
      expect(nodes.map((n) => n.Description.Hostname).sort()).toEqual(SWARM_NODES);
      expect(nodes.every((n) => n.Status.State === 'ready')).toBe(true);
      const managers = nodes.filter((n) => n.Spec.Role === 'manager');
      expect(managers).toHaveLength(1);
      expect(managers[0]?.Description.Hostname).toBe('node-1');
      expect(managers[0]?.ManagerStatus).toMatchObject({ Leader: true, Addr: '10.213.0.11:2377' });
      const byName = Object.fromEntries(nodes.map((n) => [n.Description.Hostname, n.Status.Addr]));
      expect(byName).toEqual({
        'node-1': '10.213.0.11',
        'node-2': '10.213.0.12',
        'node-3': '10.213.0.13',
      });
    },
  );

  it('up on a healthy lab is harmless and fast', { timeout: 120_000 }, async () => {
    const run = await lab(['up'], 60_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/already up and healthy/);
    expect(run.ms).toBeLessThan(10_000);
    const s = await status();
    expect(s.healthy).toBe(true);
    expect(s.nodes.map((n) => n.pid)).toEqual(pidsAfterUp);
    expect(s.nodes.map((n) => n.swarm.nodeId)).toEqual(nodeIdsAfterUp);
  });

  it(
    'restart node-2 restarts only that dockerd, which comes back Ready in the same swarm',
    { timeout: 180_000 },
    async () => {
      const run = await lab(['restart', 'node-2'], 120_000);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      const s = await status();
      expect(s.healthy).toBe(true);
      const [n1, n2, n3, n4] = s.nodes;
      expect(n1?.pid).toBe(pidsAfterUp[0]);
      expect(n2?.pid).not.toBe(pidsAfterUp[1]);
      expect(n3?.pid).toBe(pidsAfterUp[2]);
      expect(n4?.pid).toBe(pidsAfterUp[3]);
      expect(s.nodes.map((n) => n.swarm.nodeId)).toEqual(nodeIdsAfterUp);
      pidsAfterUp = s.nodes.map((n) => n.pid);
    },
  );

  it(
    'up mends a dead node-4 alone: the swarm nodes keep running, untouched',
    { timeout: 180_000 },
    async () => {
      const dead = pidsAfterUp[3];
      if (!dead) throw new Error('node-4 has no dockerd');
      process.kill(dead, 'SIGKILL');
      const broken = await lab(['status', '--json'], 30_000);
      expect(broken.code).not.toBe(0);
      const run = await lab(['up'], 120_000);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/swarm untouched/);
      const s = await status();
      expect(s.healthy).toBe(true);
      expect(s.nodes.slice(0, 3).map((n) => n.pid)).toEqual(pidsAfterUp.slice(0, 3));
      expect(s.nodes.map((n) => n.swarm.nodeId)).toEqual(nodeIdsAfterUp);
      expect(s.nodes[3]?.pid).not.toBe(dead);
      expect(s.nodes[3]?.swarm.role).toBe('standalone');
    },
  );

  it(
    'down removes every process, mount, netns, link, rule and file; twice is harmless',
    { timeout: 240_000 },
    async () => {
      // libnetwork writes lb_<network id> folders to a fixed /var/lib/docker path: must go too
      const networks = await engineGet<{ Id: string }[]>(socketOf('node-1'), '/v1.41/networks');
      const strayFolders = () =>
        networks.body
          .map((n) => `/var/lib/docker/network/files/lb_${n.Id}`)
          .filter((dir) => existsSync(dir));

      const run = await lab(['down'], 120_000);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(leftovers()).toEqual([]);
      expect(strayFolders()).toEqual([]);

      const again = await lab(['down'], 60_000);
      expect(again.code, again.stderr).toBe(0);
      expect(leftovers()).toEqual([]);

      const down = await lab(['status', '--json'], 30_000);
      expect(down.code).not.toBe(0);
      expect((JSON.parse(down.stdout) as StatusJson).healthy).toBe(false);
    },
  );

  it('up from nothing works again, in well under a minute', { timeout: 300_000 }, async () => {
    const run = await lab(['up'], 240_000);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.ms).toBeLessThan(60_000);
    const s = await status();
    expect(s.healthy).toBe(true);
    expect(s.swarm).toEqual({ nodes: 3, ready: 3, managers: 1 });
  });
});
