import { execFile } from 'node:child_process';
import { get, request } from 'node:http';

import { beforeAll, describe, expect, it } from 'vitest';

import { LAB_DIR, lab } from '../support/lab-script';

/**
 * `lab seed` builds the sample topology of Docker's networking course on the lab, exactly, and
 * a second run changes nothing. Checked through the Engine API of the node-1 engine (the manager),
 * plus a few packets inside the lab (DNS, a port mapping, the macvlan segment).
 * Integration files must run one at a time (the lab is shared state).
 */

const MANAGER = `${LAB_DIR}/node-1/docker.sock`;
/** node-4: the standalone engine, where the seed deploys the compose project `pantry`. */
const STANDALONE = `${LAB_DIR}/node-4/docker.sock`;
const SEED = 'portolan.seed=true';
const isRoot = process.getuid?.() === 0;

/** GET on the manager's Engine API (1.41), JSON-decoded; fails on a non-2xx answer. */
function api<T>(path: string, socketPath = MANAGER): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, path: `/v1.41${path}`, method: 'GET', headers: { host: 'docker' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code > 299) reject(new Error(`GET ${path}: ${code} ${text}`));
          else resolve(JSON.parse(text) as T);
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`timed out: GET ${path}`)));
    req.end();
  });
}

const filters = (f: Record<string, string[]>) => encodeURIComponent(JSON.stringify(f));

/** HTTP GET to an address inside the lab (never anywhere else). */
function httpText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: 5_000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error(`timed out: ${url}`)));
    req.on('error', reject);
  });
}

/** Runs a command in a node-1 container through Debian's docker CLI. */
function execIn(container: string, cmd: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/docker',
      ['-H', `unix://${MANAGER}`, 'exec', container, ...cmd],
      { timeout: 20_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

interface Network {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal: boolean;
  Attachable: boolean;
  Options: Record<string, string> | null;
  Labels: Record<string, string> | null;
  IPAM: { Config: { Subnet?: string; Gateway?: string }[] | null };
}

interface ContainerSummary {
  Id: string;
  Names: string[];
  State: string;
  Labels: Record<string, string>;
}

interface ContainerInspect {
  Id: string;
  Name: string;
  State: { Running: boolean };
  HostConfig: {
    NetworkMode: string;
    PortBindings: Record<string, { HostPort: string }[] | null> | null;
  };
  NetworkSettings: {
    Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    Networks: Record<string, { IPAddress: string; Aliases: string[] | null; NetworkID: string }>;
  };
}

interface Service {
  ID: string;
  Version: { Index: number };
  Spec: {
    Name: string;
    Labels: Record<string, string>;
    Mode: { Replicated?: { Replicas: number } };
    TaskTemplate: {
      ContainerSpec: {
        Image: string;
        Labels?: Record<string, string>;
        Mounts?: { Type: string; Source: string; Target: string }[];
      };
      Networks?: { Target: string }[];
    };
    EndpointSpec?: {
      Mode?: string;
      Ports?: {
        Protocol: string;
        TargetPort: number;
        PublishedPort: number;
        PublishMode: string;
      }[];
    };
  };
  Endpoint: { VirtualIPs?: { NetworkID: string; Addr: string }[] };
}

interface Task {
  ID: string;
  NodeID: string;
  Status: { State: string };
  NetworksAttachments?: { Network: { ID: string }; Addresses: string[] }[];
}

const seededNetworks = () => api<Network[]>(`/networks?filters=${filters({ label: [SEED] })}`);
const seededServices = () => api<Service[]>(`/services?filters=${filters({ label: [SEED] })}`);
/** The seeded plain containers (swarm tasks carry the seed label too: leave them out). */
async function seededContainers(): Promise<ContainerSummary[]> {
  const all = await api<ContainerSummary[]>(
    `/containers/json?all=1&filters=${filters({ label: [SEED] })}`,
  );
  return all.filter((c) => !c.Labels['com.docker.swarm.service.id']);
}
const runningTasks = (service: string) =>
  api<Task[]>(`/tasks?filters=${filters({ service: [service], 'desired-state': ['running'] })}`);

/** What a second seed must leave untouched: every id, plus the services' versions. */
async function fingerprint() {
  const networks = (await seededNetworks()).map((n) => `${n.Name}=${n.Id}`).sort();
  const containers = (await seededContainers()).map((c) => `${c.Names[0]}=${c.Id}`).sort();
  const services = (await seededServices())
    .map((s) => `${s.Spec.Name}=${s.ID}@${s.Version.Index}`)
    .sort();
  const seeded = `filters=${filters({ label: [SEED] })}`;
  const compose = [
    ...(await api<Network[]>(`/networks?${seeded}`, STANDALONE)).map((n) => `${n.Name}=${n.Id}`),
    ...(await api<ContainerSummary[]>(`/containers/json?all=1&${seeded}`, STANDALONE)).map(
      (c) => `${c.Names[0]}=${c.Id}`,
    ),
  ].sort();
  return { networks, containers, services, compose };
}

describe.skipIf(!isRoot)(
  'lab seed: the networking course topology (real engines; needs root)',
  () => {
    const networkIds: Record<string, string> = {};

    beforeAll(async () => {
      const up = await lab(['up'], 300_000);
      expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
      const seed = await lab(['seed'], 300_000);
      expect(seed.code, `${seed.stdout}\n${seed.stderr}`).toBe(0);
      for (const n of await seededNetworks()) networkIds[n.Name] = n.Id;
    }, 600_000);

    it('creates exactly the five networks, with their drivers and options', async () => {
      const networks = Object.fromEntries((await seededNetworks()).map((n) => [n.Name, n]));
      expect(Object.keys(networks).sort()).toEqual([
        'appnet',
        'backend',
        'external',
        'meta-globe',
        'secure',
      ]);
      for (const n of Object.values(networks)) expect(n.Labels?.['portolan.seed']).toBe('true');

      expect(networks.appnet).toMatchObject({ Driver: 'bridge', Scope: 'local', Internal: false });
      expect(networks.backend).toMatchObject({ Driver: 'bridge', Scope: 'local', Internal: true });
      expect(networks.external).toMatchObject({
        Driver: 'macvlan',
        Scope: 'local',
        Internal: false,
      });
      expect(networks.external?.Options?.parent).toBe('eth1');
      expect(networks.external?.IPAM.Config).toEqual([
        { Subnet: '10.214.0.0/24', Gateway: '10.214.0.1' },
      ]);
      expect(networks['meta-globe']).toMatchObject({
        Driver: 'overlay',
        Scope: 'swarm',
        Attachable: true,
      });
      expect(networks['meta-globe']?.Options ?? {}).not.toHaveProperty('encrypted');
      expect(networks.secure).toMatchObject({ Driver: 'overlay', Scope: 'swarm' });
      expect(networks.secure?.Options ?? {}).toHaveProperty('encrypted');
    });

    it('runs the six containers on their networks (alias, port mapping, macvlan IP, host, none)', async () => {
      const containers = await seededContainers();
      expect(containers.map((c) => c.Names[0]).sort()).toEqual(
        ['/client', '/edge', '/hostnet', '/isolated', '/legacy', '/web'].sort(),
      );
      expect(containers.every((c) => c.State === 'running')).toBe(true);

      const inspect = (name: string) => api<ContainerInspect>(`/containers/${name}/json`);
      const nets = (c: ContainerInspect) => Object.keys(c.NetworkSettings.Networks).sort();

      const web = await inspect('web');
      expect(nets(web)).toEqual(['appnet']);
      expect(web.NetworkSettings.Networks.appnet?.Aliases).toContain('frontend');
      expect(web.NetworkSettings.Networks.appnet?.NetworkID).toBe(networkIds.appnet);

      const client = await inspect('client');
      expect(nets(client)).toEqual(['appnet']);
      expect(client.NetworkSettings.Networks.appnet?.Aliases ?? []).not.toContain('frontend');

      const legacy = await inspect('legacy');
      expect(nets(legacy)).toEqual(['bridge']);
      expect(legacy.HostConfig.PortBindings?.['80/tcp']?.[0]?.HostPort).toBe('8080');
      expect(legacy.NetworkSettings.Ports?.['80/tcp']?.some((b) => b.HostPort === '8080')).toBe(
        true,
      );

      const edge = await inspect('edge');
      expect(nets(edge)).toEqual(['external']);
      expect(edge.NetworkSettings.Networks.external?.IPAddress).toBe('10.214.0.10');

      const hostnet = await inspect('hostnet');
      expect(hostnet.HostConfig.NetworkMode).toBe('host');
      expect(nets(hostnet)).toEqual(['host']);

      const isolated = await inspect('isolated');
      expect(isolated.HostConfig.NetworkMode).toBe('none');
      expect(nets(isolated)).toEqual(['none']);
    });

    it('creates the five services with their replicas, labels, ports, volume and endpoint modes', async () => {
      const services = Object.fromEntries((await seededServices()).map((s) => [s.Spec.Name, s]));
      expect(Object.keys(services).sort()).toEqual(['blue', 'orange', 'plumb', 'vault', 'web']);

      const targets = (s: Service | undefined) =>
        (s?.Spec.TaskTemplate.Networks ?? []).map((n) => n.Target);
      for (const name of ['orange', 'blue', 'plumb']) {
        expect(services[name]?.Spec.Mode.Replicated?.Replicas).toBe(1);
        expect(targets(services[name])).toEqual([networkIds['meta-globe']]);
      }

      const web = services.web;
      expect(web?.Spec.Mode.Replicated?.Replicas).toBe(4);
      expect(web?.Spec.Labels).toEqual({
        App: 'meta-globe',
        Env: 'prod',
        Ver: '1.12',
        'portolan.seed': 'true',
      });
      expect(web?.Spec.TaskTemplate.ContainerSpec.Labels).toEqual({ 'portolan.seed': 'true' });
      expect(targets(web)).toEqual([networkIds['meta-globe']]);
      expect(web?.Spec.EndpointSpec?.Ports).toEqual([
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: 5000, PublishMode: 'ingress' },
      ]);
      expect(web?.Spec.TaskTemplate.ContainerSpec.Mounts).toMatchObject([
        { Type: 'volume', Source: 'sk1', Target: '/data' },
      ]);
      // routing mesh: a VIP on ingress and on meta-globe
      const ingress = (await api<Network[]>('/networks')).find((n) => n.Name === 'ingress');
      const vipNets = (web?.Endpoint.VirtualIPs ?? []).map((v) => v.NetworkID).sort();
      expect(vipNets).toEqual([ingress?.Id, networkIds['meta-globe']].sort());

      const vault = services.vault;
      expect(vault?.Spec.Mode.Replicated?.Replicas).toBe(2);
      expect(vault?.Spec.EndpointSpec?.Mode).toBe('dnsrr');
      expect(targets(vault)).toEqual([networkIds.secure]);
      expect(vault?.Endpoint.VirtualIPs ?? []).toEqual([]);
    });

    it('runs every replica, spread over the nodes, with the sk1 volume where web runs', async () => {
      const expected: Record<string, number> = { orange: 1, blue: 1, plumb: 1, web: 4, vault: 2 };
      for (const [service, replicas] of Object.entries(expected)) {
        const tasks = await runningTasks(service);
        expect(
          tasks.map((t) => t.Status.State),
          service,
        ).toEqual(Array(replicas).fill('running'));
      }
      const webTasks = await runningTasks('web');
      expect(new Set(webTasks.map((t) => t.NodeID)).size).toBeGreaterThan(1);

      const nodes = await api<{ ID: string; Description: { Hostname: string } }[]>('/nodes');
      for (const nodeId of new Set(webTasks.map((t) => t.NodeID))) {
        const hostname = nodes.find((n) => n.ID === nodeId)?.Description.Hostname;
        const volume = await api<{ Name: string; Labels: Record<string, string> | null }>(
          '/volumes/sk1',
          `${LAB_DIR}/${hostname}/docker.sock`,
        );
        expect(volume.Labels?.['portolan.seed'], `sk1 on ${hostname}`).toBe('true');
      }
    });

    it('answers inside the lab: network-scoped DNS, the port mapping, the macvlan segment', async () => {
      const webIp = (await api<ContainerInspect>('/containers/web/json')).NetworkSettings.Networks
        .appnet?.IPAddress;
      expect(webIp).toBeTruthy();
      expect(await execIn('client', ['nslookup', 'frontend'])).toContain(`Address: ${webIp}`);
      expect(await execIn('client', ['nslookup', 'web'])).toContain(`Address: ${webIp}`);

      // only addresses of the lab itself: node-1's underlay address and the macvlan container
      expect((await httpText('http://10.213.0.11:8080/')).trim()).toBe('legacy');
      expect((await httpText('http://10.214.0.10/')).trim()).toBe('edge');
    });

    it(
      'seeding a seeded lab changes nothing (same ids, same service versions)',
      { timeout: 300_000 },
      async () => {
        const before = await fingerprint();
        // node-4: pantry_default, pantry_back, shared and the three containers of the project
        expect(before.compose).toHaveLength(6);
        const run = await lab(['seed'], 300_000);
        expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
        expect(run.stdout).not.toMatch(/ created | started /);
        expect(await fingerprint()).toEqual(before);
      },
    );
  },
);
