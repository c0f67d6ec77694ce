import { z } from 'zod';

import {
  cidrContainsCidr,
  cidrContainsIp,
  cidrsOverlap,
  formatIp,
  lastAddress,
  parseCidr,
  parseIp,
  type Cidr,
  type IpFamily,
} from '@/lib/ip/cidr';
import type { Topology, TopologyContainer, TopologyNetwork } from '@/lib/topology/types';

import { BRIDGE_NAME_OPTION, bridgeNameProblem } from './bridge-name';
import { aliasSchema, dataKeyRecord, dockerNameSchema, labelsSchema } from './common';

/**
 * Networks: what a "New network" form may ask for, and what `POST /api/networks` accepts. The same
 * schemas run in the browser and on the server; `checkNetworkAgainstTopology` adds the rules that
 * need the live topology (overlaps, names taken, swarm mode), also on both sides.
 *
 * Every field of an engine request is built on the server from these validated values: unknown
 * fields and unknown driver options are refused, never passed through.
 */

export const NETWORK_DRIVERS = ['bridge', 'overlay', 'macvlan', 'ipvlan'] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

/** What each driver means, for the form's help text. */
export const NETWORK_DRIVER_HELP: Record<NetworkDriver, string> = {
  bridge:
    'Single host: containers on this engine reach each other by name. From outside the host they ' +
    'are reachable only through published ports (-p host:container).',
  overlay:
    'Spans every node of a swarm: containers and services on different hosts share one network ' +
    '(VXLAN between nodes). Needs swarm mode.',
  macvlan:
    'Puts containers directly on the external network, each with its own MAC and IP address. ' +
    'Needs a parent interface that accepts several MAC addresses (promiscuous mode); the host ' +
    'itself cannot reach the containers through that interface.',
  ipvlan:
    'Like macvlan, but containers share the parent interface’s MAC address (L2 mode), or the host ' +
    'routes to them (L3 mode). Needs a parent interface and the kernel’s ipvlan module.',
};

/** Which optional fields make sense for each driver (the form shows only these). */
export const NETWORK_DRIVER_FIELDS: Record<
  NetworkDriver,
  { parent: boolean; attachable: boolean; encrypted: boolean; swarm: boolean }
> = {
  bridge: { parent: false, attachable: false, encrypted: false, swarm: false },
  overlay: { parent: false, attachable: true, encrypted: true, swarm: true },
  macvlan: { parent: true, attachable: false, encrypted: false, swarm: false },
  ipvlan: { parent: true, attachable: false, encrypted: false, swarm: false },
};

/** Help text beside each field of the form. */
export const NETWORK_FIELD_HELP = {
  name: 'Letters, digits, "_", "." and "-", starting with a letter or digit.',
  driver: 'How containers on the network are connected (see each driver).',
  subnet: 'IPv4 prefix in CIDR notation, e.g. 10.20.0.0/24. Empty: the engine picks a free one.',
  gateway: 'The network’s router address inside the subnet. Empty: the first address.',
  ipRange:
    'Hand out container addresses only from this part of the subnet, e.g. 10.20.0.128/25. ' +
    'Static addresses may still use the rest.',
  ipv6Subnet: 'Optional IPv6 prefix, e.g. fd00:20::/64; turns IPv6 on for the network.',
  ipv6Gateway: 'The IPv6 router address inside the IPv6 subnet. Empty: the first address.',
  internal: 'No route to the outside: containers reach only each other.',
  attachable:
    'Overlay only: standalone containers (docker run, the inspector’s Connect) may join, not ' +
    'only swarm services.',
  encrypted:
    'Overlay only: traffic between nodes is encrypted with IPsec (costs CPU; traffic between ' +
    'containers on the same node is not encrypted).',
  parent:
    'macvlan and ipvlan: the host interface the network sits on, e.g. eth1 (eth1.50 for VLAN 50).',
  labels: 'Your own key: value tags. Portolan adds com.portolan.managed=true.',
  options: 'Driver options; only the ones listed for the chosen driver are accepted.',
  engine: 'Which engine creates the network. Overlay networks are created by a swarm manager.',
} as const;

/** A driver option Portolan passes through, with what it means and what it accepts. */
export interface DriverOptionSpec {
  key: string;
  help: string;
  /** The values allowed, when it is a choice. */
  values?: readonly string[];
  /** A problem with the value, or null. */
  check(value: string): string | null;
}

const oneOf =
  (values: readonly string[]) =>
  (value: string): string | null =>
    values.includes(value) ? null : `Use one of ${values.join(', ')}.`;

const BOOLEAN_VALUES = ['true', 'false'] as const;

const mtuOption: DriverOptionSpec = {
  key: 'com.docker.network.driver.mtu',
  help: 'MTU of the containers’ interfaces (68–65535).',
  check: (value) =>
    /^[1-9][0-9]{1,4}$/.test(value) && Number(value) >= 68 && Number(value) <= 65535
      ? null
      : 'The MTU is a whole number from 68 to 65535.',
};

/** The allow-list of driver options, per driver. Anything else is refused with its key. */
export const DRIVER_OPTIONS: Record<NetworkDriver, readonly DriverOptionSpec[]> = {
  bridge: [
    {
      key: 'com.docker.network.bridge.name',
      help: 'Name of the Linux bridge on the host (at most 15 characters).',
      check: (value) =>
        /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}$/.test(value)
          ? null
          : 'An interface name: 1–15 letters, digits, "_", "." or "-".',
    },
    {
      key: 'com.docker.network.bridge.enable_icc',
      help: 'Whether containers on the bridge may talk to each other.',
      values: BOOLEAN_VALUES,
      check: oneOf(BOOLEAN_VALUES),
    },
    {
      key: 'com.docker.network.bridge.enable_ip_masquerade',
      help: 'Whether outgoing traffic is NATed to the host’s address.',
      values: BOOLEAN_VALUES,
      check: oneOf(BOOLEAN_VALUES),
    },
    mtuOption,
    {
      key: 'com.docker.network.bridge.host_binding_ipv4',
      help: 'Default host address published ports bind to.',
      check: (value) => (parseIp(value)?.family === 4 ? null : 'An IPv4 address, e.g. 127.0.0.1.'),
    },
  ],
  overlay: [mtuOption],
  macvlan: [
    {
      key: 'macvlan_mode',
      help: 'bridge (default): containers talk to each other directly; vepa, passthru, private.',
      values: ['bridge', 'vepa', 'passthru', 'private'],
      check: oneOf(['bridge', 'vepa', 'passthru', 'private']),
    },
  ],
  ipvlan: [
    {
      key: 'ipvlan_mode',
      help: 'l2 (default): one broadcast domain with the parent; l3: the host routes.',
      values: ['l2', 'l3'],
      check: oneOf(['l2', 'l3']),
    },
    {
      key: 'ipvlan_flag',
      help: 'bridge (default), private or vepa.',
      values: ['bridge', 'private', 'vepa'],
      check: oneOf(['bridge', 'private', 'vepa']),
    },
  ],
};

/** Names Docker gives its own networks; the engine refuses to create them again. */
export const PREDEFINED_NETWORK_NAMES = ['bridge', 'host', 'none', 'ingress', 'docker_gwbridge'];

const ENGINE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

// ---------------------------------------------------------------------------------------------
// Field schemas

/**
 * An optional text field: absent or blank means "not given" (a form sends "" for an empty
 * input); otherwise trimmed and checked by `problem`.
 */
function optionalText(typeMessage: string, max: number, problem: (value: string) => string | null) {
  return z
    .string({ error: typeMessage })
    .max(max, { error: `At most ${max} characters.` })
    .trim()
    .superRefine((value, ctx) => {
      if (value === '') return;
      const message = problem(value);
      if (message) ctx.addIssue({ code: 'custom', message });
    })
    .transform((value) => (value === '' ? undefined : value))
    .optional();
}

/** Address ranges no container network may use. */
const RESERVED_V4: readonly [string, string][] = [
  ['0.0.0.0/8', 'the "this network" range'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['224.0.0.0/3', 'multicast and reserved'],
];
const RESERVED_V6: readonly [string, string][] = [
  ['::/8', 'loopback and special addresses'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];

function reservedRange(cidr: Cidr): string | null {
  for (const [text, what] of cidr.family === 4 ? RESERVED_V4 : RESERVED_V6) {
    const reserved = parseCidr(text);
    if (reserved.ok && cidrsOverlap(reserved.value, cidr)) return `${text} (${what})`;
  }
  return null;
}

function subnetProblem(family: IpFamily, min: number, max: number) {
  return (value: string): string | null => {
    const parsed = parseCidr(value);
    if (!parsed.ok) return parsed.error;
    if (parsed.value.family !== family) {
      return family === 4
        ? 'This is an IPv6 prefix; subnet takes IPv4 (put it in ipv6Subnet).'
        : 'This is an IPv4 prefix; ipv6Subnet takes IPv6 (put it in subnet).';
    }
    if (parsed.value.prefix < min || parsed.value.prefix > max) {
      return `Use a prefix length from /${min} to /${max}.`;
    }
    const reserved = reservedRange(parsed.value);
    return reserved ? `${value} overlaps ${reserved}, which containers cannot use.` : null;
  };
}

function addressProblem(family: IpFamily) {
  return (value: string): string | null => {
    const parsed = parseIp(value);
    if (!parsed) return `${value} is not an IPv${family} address.`;
    return parsed.family === family ? null : `Give an IPv${family} address.`;
  };
}

const booleanField = (name: string) => z.boolean({ error: `${name} is true or false.` }).optional();

export const networkDriverSchema = z.enum(NETWORK_DRIVERS, {
  error: 'Choose bridge, overlay, macvlan or ipvlan.',
});

export const networkNameSchema = dockerNameSchema.refine(
  (name) => !PREDEFINED_NETWORK_NAMES.includes(name),
  { error: 'Docker uses this name for its own network; choose another.' },
);

export const engineNameSchema = z
  .string({ error: 'The engine is a name.' })
  .trim()
  .regex(ENGINE_NAME, { error: 'Not an engine name.' })
  .optional();

const optionsSchema = dataKeyRecord(
  z
    .record(
      z.string().max(128, { error: 'Option keys are at most 128 characters.' }),
      z
        .string({ error: 'Driver option values are texts (e.g. "true", "1500").' })
        .max(256, { error: 'At most 256 characters.' }),
      { error: 'Driver options are an object of key: value texts.' },
    )
    .refine((options) => Object.keys(options).length <= 16, { error: 'At most 16 options.' }),
);

function objectError(what: string) {
  return (issue: { code?: string; keys?: readonly string[]; input?: unknown }) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys ?? [];
      return `Unknown field${keys.length === 1 ? '' : 's'}: ${keys.join(', ')}`;
    }
    return `Send ${what} as a JSON object.`;
  };
}

/** Cross-field rules of a create request that need no topology. */
function createRules(input: CreateNetworkRequest, ctx: z.RefinementCtx) {
  const issue = (path: string[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  // NOTE: zod runs this after non-fatal field issues too: texts may be invalid here (types are
  // right), so every parse below is checked.
  const fields = NETWORK_DRIVER_FIELDS[input.driver] as
    (typeof NETWORK_DRIVER_FIELDS)[NetworkDriver] | undefined;
  if (!fields) return;
  if (fields.parent && input.parent === undefined) {
    issue(['parent'], `${input.driver} needs a parent interface on the host, e.g. eth1.`);
  }
  if (!fields.parent && input.parent !== undefined) {
    issue(['parent'], 'Only macvlan and ipvlan networks have a parent interface.');
  }
  if (input.attachable && !fields.attachable) {
    issue(['attachable'], 'Only overlay networks are attachable; other drivers always are.');
  }
  if (input.encrypted && !fields.encrypted) {
    issue(['encrypted'], 'Only overlay networks can be encrypted (IPsec between nodes).');
  }

  const family = (
    subnetField: 'subnet' | 'ipv6Subnet',
    gatewayField: 'gateway' | 'ipv6Gateway',
  ) => {
    const subnetText = input[subnetField];
    const gatewayText = input[gatewayField];
    const subnet = subnetText === undefined ? null : parseCidr(subnetText);
    if (gatewayText !== undefined) {
      const gateway = parseIp(gatewayText);
      if (!subnet) issue([gatewayField], `Set ${subnetField} first: the gateway lives inside it.`);
      else if (subnet.ok && gateway) {
        if (!cidrContainsIp(subnet.value, gateway)) {
          issue([gatewayField], `${gatewayText} is outside the subnet ${subnetText}.`);
        } else if (gateway.value === subnet.value.network) {
          issue([gatewayField], `${gatewayText} is the subnet's own address; use a host address.`);
        } else if (subnet.value.family === 4 && gateway.value === lastAddress(subnet.value)) {
          issue([gatewayField], `${gatewayText} is the subnet's broadcast address.`);
        }
      }
    }
    return subnet;
  };
  const subnet = family('subnet', 'gateway');
  family('ipv6Subnet', 'ipv6Gateway');
  if (input.ipRange !== undefined) {
    const range = parseCidr(input.ipRange);
    if (!subnet) issue(['ipRange'], 'Set subnet first: the IP range lives inside it.');
    else if (subnet.ok && range.ok && !cidrContainsCidr(subnet.value, range.value)) {
      issue(['ipRange'], `${input.ipRange} is not inside the subnet ${input.subnet}.`);
    }
  }

  const allowed = DRIVER_OPTIONS[input.driver];
  for (const [key, value] of Object.entries(input.options ?? {})) {
    const spec = allowed.find((candidate) => candidate.key === key);
    if (!spec) {
      const hint =
        key === 'parent'
          ? ' Set the parent field instead.'
          : key === 'encrypted'
            ? ' Set the encrypted field instead.'
            : allowed.length > 0
              ? ` Allowed: ${allowed.map((candidate) => candidate.key).join(', ')}.`
              : '';
      issue(['options', key], `${key} is not an option of the ${input.driver} driver.${hint}`);
      continue;
    }
    const problem = spec.check(value);
    if (problem) issue(['options', key], problem);
  }
}

const createShape = {
  name: networkNameSchema,
  driver: networkDriverSchema,
  subnet: optionalText('The subnet is a text such as 10.20.0.0/24.', 64, subnetProblem(4, 8, 30)),
  gateway: optionalText('The gateway is a text such as 10.20.0.1.', 64, addressProblem(4)),
  ipRange: optionalText(
    'The IP range is a text such as 10.20.0.128/25.',
    64,
    subnetProblem(4, 8, 32),
  ),
  ipv6Subnet: optionalText(
    'The IPv6 subnet is a text such as fd00:20::/64.',
    64,
    subnetProblem(6, 16, 124),
  ),
  ipv6Gateway: optionalText(
    'The IPv6 gateway is a text such as fd00:20::1.',
    64,
    addressProblem(6),
  ),
  internal: booleanField('internal'),
  attachable: booleanField('attachable'),
  encrypted: booleanField('encrypted'),
  parent: optionalText('The parent interface is a text such as eth1.', 15, (value) =>
    /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}$/.test(value)
      ? null
      : 'An interface name: 1–15 letters, digits, "_", "." or "-" (eth1, eth1.50).',
  ),
  labels: labelsSchema.optional(),
  options: optionsSchema.optional(),
  engine: engineNameSchema,
};

/**
 * The body of `POST /api/networks`. Unknown fields are refused; blank optional texts count as not
 * given; cross-field rules (parent for macvlan/ipvlan, overlay-only flags, gateway and range
 * inside the subnet, driver options allowed for the driver) are checked once every field is valid.
 */
export const createNetworkSchema = z
  .strictObject(createShape, { error: objectError('the network') })
  .superRefine((input, ctx) => createRules(input, ctx));

/** What the form sends. */
export type CreateNetworkInput = z.input<typeof createNetworkSchema>;
/** What the server acts on (trimmed, blanks removed). */
export type CreateNetworkRequest = z.output<typeof createNetworkSchema>;

const containerRefSchema = z
  .string({ error: 'Choose a container.' })
  .trim()
  .min(1, { error: 'Choose a container.' })
  .max(128, { error: 'At most 128 characters.' })
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { error: 'Not a container name or id.' })
  .transform((value) => value.replace(/^\//, ''));

/** The body of `POST /api/networks/:idOrName/connect`. */
export const connectNetworkSchema = z.strictObject(
  {
    container: containerRefSchema,
    aliases: z
      .array(aliasSchema, { error: 'Aliases are a list of names.' })
      .max(16, { error: 'At most 16 aliases.' })
      .refine((aliases) => new Set(aliases).size === aliases.length, {
        error: 'Each alias once.',
      })
      .optional(),
    ipv4: optionalText('The IPv4 address is a text such as 10.20.0.5.', 64, addressProblem(4)),
    ipv6: optionalText('The IPv6 address is a text such as fd00:20::5.', 64, addressProblem(6)),
    engine: engineNameSchema,
  },
  { error: objectError('the connection') },
);

export type ConnectNetworkInput = z.input<typeof connectNetworkSchema>;
export type ConnectNetworkRequest = z.output<typeof connectNetworkSchema>;

/** The body of `POST /api/networks/:idOrName/disconnect`. */
export const disconnectNetworkSchema = z.strictObject(
  {
    container: containerRefSchema,
    force: booleanField('force'),
    engine: engineNameSchema,
  },
  { error: objectError('the disconnection') },
);

export type DisconnectNetworkInput = z.input<typeof disconnectNetworkSchema>;
export type DisconnectNetworkRequest = z.output<typeof disconnectNetworkSchema>;

/** The query of `DELETE /api/networks/:idOrName`: `?engine=node-1&disconnect=1`. */
export const removeNetworkQuerySchema = z.strictObject(
  {
    engine: engineNameSchema,
    disconnect: z
      .enum(['1', '0', 'true', 'false'], { error: 'disconnect is 1 or 0.' })
      .transform((value) => value === '1' || value === 'true')
      .optional(),
  },
  { error: objectError('the query') },
);

export type RemoveNetworkQuery = z.output<typeof removeNetworkQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Rules that need the live topology

/** The engine whose node holds a local network (local networks have one node: their engine's). */
export function engineOfLocalNetwork(topology: Topology, network: TopologyNetwork): string | null {
  if (network.scope === 'swarm') return null;
  const node = network.nodes[0];
  return Object.values(topology.engines).find((engine) => engine.node === node)?.name ?? null;
}

/**
 * Which swarm an engine belongs to, or null outside swarm mode. NOTE: workers do not report their
 * cluster id (`/info` has it on managers only); with one known swarm, every engine in swarm mode
 * belongs to it, otherwise a worker counts as its own swarm.
 */
function clusterOf(topology: Topology, engine: string): string | null {
  const swarm = topology.engines[engine]?.swarm;
  if (!swarm || (swarm.state !== 'active' && swarm.state !== 'locked')) return null;
  if (swarm.clusterId) return swarm.clusterId;
  const known = new Set(
    Object.values(topology.engines).flatMap((candidate) =>
      candidate.swarm?.clusterId ? [candidate.swarm.clusterId] : [],
    ),
  );
  if (known.size === 0) return 'swarm';
  return known.size === 1 ? ([...known][0] ?? null) : `worker:${engine}`;
}

/** Engines in the same swarm as `engine` (itself included), or just `engine` outside swarm mode. */
export function swarmPeers(topology: Topology, engine: string): string[] {
  const cluster = clusterOf(topology, engine);
  if (cluster === null) return [engine];
  return Object.values(topology.engines)
    .filter((candidate) => clusterOf(topology, candidate.name) === cluster)
    .map((candidate) => candidate.name);
}

/** Managers of `engine`'s swarm that are reachable, the fresh ones first. */
export function swarmManagers(topology: Topology, engine: string): string[] {
  return swarmPeers(topology, engine)
    .map((name) => topology.engines[name])
    .filter((candidate) => candidate?.swarm?.manager && candidate.reachable)
    .sort((a, b) => Number(a?.stale) - Number(b?.stale))
    .map((candidate) => candidate?.name ?? '');
}

/**
 * Whether a swarm network belongs to `engine`'s swarm. NOTE: the topology does not record a swarm
 * network's cluster; with one swarm they all belong to it, with several a network belongs to
 * those whose nodes it is present on, and one present nowhere yet counts for every swarm.
 */
function inSwarmOf(topology: Topology, network: TopologyNetwork, engine: string): boolean {
  const cluster = clusterOf(topology, engine);
  if (cluster === null) return false;
  const clusters = new Set(
    Object.keys(topology.engines)
      .map((name) => clusterOf(topology, name))
      .filter((id) => id !== null),
  );
  if (clusters.size <= 1 || network.nodes.length === 0) return true;
  const nodes = new Set(
    swarmPeers(topology, engine).map((name) => topology.engines[name]?.node ?? ''),
  );
  return network.nodes.some((node) => nodes.has(node));
}

/** The networks an engine can use: its local ones, and the swarm networks of its swarm. */
export function networksOnEngine(topology: Topology, engine: string): TopologyNetwork[] {
  return Object.values(topology.networks).filter((network) =>
    network.scope === 'swarm'
      ? inSwarmOf(topology, network, engine)
      : engineOfLocalNetwork(topology, network) === engine,
  );
}

/**
 * Finds what `ref` names, the way the engine does: an exact id first, then an exact name, then a
 * unique id prefix. Several matches mean the reference is ambiguous (a local name on several
 * engines, such as `bridge`).
 */
export function findByRef<T extends { id: string; name: string }>(
  items: readonly T[],
  ref: string,
): T[] {
  const byId = items.filter((item) => item.id === ref);
  if (byId.length > 0) return byId;
  const byName = items.filter((item) => item.name === ref);
  if (byName.length > 0) return byName;
  return /^[0-9a-f]+$/i.test(ref)
    ? items.filter((item) => item.id.startsWith(ref.toLowerCase()))
    : [];
}

/** Containers `ref` names, optionally only those on `engine`. */
export function findContainers(
  topology: Topology,
  ref: string,
  engine?: string,
): TopologyContainer[] {
  const containers = Object.values(topology.containers).filter(
    (container) => engine === undefined || container.engine === engine,
  );
  return findByRef(containers, ref);
}

/**
 * Which engine a create goes to: the one named, or the only one; overlays go to a reachable
 * manager of the named engine's swarm (or of the first swarm). Fails with a message per field.
 */
export function chooseNetworkEngine(
  input: Pick<CreateNetworkRequest, 'driver' | 'engine'>,
  topology: Topology,
): { ok: true; engine: string } | { ok: false; fields: Record<string, string> } {
  const names = Object.keys(topology.engines).sort();
  if (input.engine !== undefined && !topology.engines[input.engine]) {
    return {
      ok: false,
      fields: { engine: `No engine named ${input.engine} (engines: ${names.join(', ')}).` },
    };
  }
  if (input.driver === 'overlay') {
    const candidates = input.engine !== undefined ? [input.engine] : names;
    const inSwarm = candidates.filter((name) => clusterOf(topology, name) !== null);
    if (inSwarm.length === 0) {
      const where = input.engine ?? 'No engine';
      return {
        ok: false,
        fields: {
          driver: `Overlay networks need swarm mode; ${where} is not in a swarm (docker swarm init).`,
        },
      };
    }
    for (const name of inSwarm) {
      const manager = swarmManagers(topology, name)[0];
      if (manager) return { ok: true, engine: manager };
    }
    return {
      ok: false,
      fields: {
        engine: 'No manager of the swarm is reachable; overlays are created by a manager.',
      },
    };
  }
  if (input.engine !== undefined) return { ok: true, engine: input.engine };
  const only = names.length === 1 ? names[0] : undefined;
  if (only !== undefined) return { ok: true, engine: only };
  return {
    ok: false,
    fields: {
      engine: `Choose the engine for this ${input.driver} network (${names.join(', ') || 'none connected'}).`,
    },
  };
}

/** The outcome of the topology rules: refusals per field, and which of them are conflicts. */
export interface NetworkTopologyCheck {
  /** One message per field; the form shows them beside the fields. */
  fields: Record<string, string>;
  /**
   * Fields whose message is a conflict with an existing object (a name taken), which the engine
   * itself refuses with a 409; the server lets the engine answer those.
   */
  conflicts: string[];
}

function describeNetwork(topology: Topology, network: TopologyNetwork): string {
  if (network.scope === 'swarm') return `${network.name} (${network.driver}, swarm)`;
  const engine = engineOfLocalNetwork(topology, network);
  return `${network.name} (${network.driver} on ${engine ?? network.nodes[0] ?? 'an engine'})`;
}

/**
 * The rules of a create that need the live state, for the engine the network goes to (see
 * `chooseNetworkEngine`): the engine exists and, for an overlay, manages a swarm; the subnets
 * overlap no network of the same engine or swarm (naming it); a macvlan/ipvlan parent is not
 * already taken by another network of that driver on the engine; a custom bridge name is no
 * interface the engine already has (`bridge-name.ts`); the name is not taken.
 */
export function checkNetworkAgainstTopology(
  input: CreateNetworkRequest,
  topology: Topology,
  engine: string,
): NetworkTopologyCheck {
  const fields: Record<string, string> = {};
  const conflicts: string[] = [];
  const target = topology.engines[engine];
  if (!target) {
    fields.engine = `No engine named ${engine}.`;
    return { fields, conflicts };
  }
  if (input.driver === 'overlay' && !target.swarm?.manager) {
    fields.driver =
      clusterOf(topology, engine) === null
        ? `Overlay networks need swarm mode; ${engine} is not in a swarm (docker swarm init).`
        : `Overlay networks are created by a swarm manager; ${engine} is a worker.`;
  }

  // NOTE: a local network shares routes with its engine's other networks and with the swarm's
  // overlays on that node; an overlay with every network of every node in the swarm.
  const peers = swarmPeers(topology, engine);
  const neighbours = Object.values(topology.networks).filter((network) => {
    if (network.scope === 'swarm') return inSwarmOf(topology, network, engine);
    const owner = engineOfLocalNetwork(topology, network);
    return input.driver === 'overlay' ? owner !== null && peers.includes(owner) : owner === engine;
  });

  for (const field of ['subnet', 'ipv6Subnet'] as const) {
    const text = input[field];
    const mine = text === undefined ? null : parseCidr(text);
    if (!mine?.ok) continue;
    for (const network of neighbours) {
      const clash = network.subnets.find((existing) => {
        const theirs = parseCidr(existing.subnet, { lenient: true });
        return theirs.ok && cidrsOverlap(mine.value, theirs.value);
      });
      if (clash) {
        fields[field] =
          `${text} overlaps ${clash.subnet} of network ${describeNetwork(topology, network)}.`;
        break;
      }
    }
  }

  if (input.parent !== undefined) {
    const taken = neighbours.find(
      (network) =>
        network.scope !== 'swarm' &&
        network.driver === input.driver &&
        network.parent === input.parent,
    );
    if (taken) {
      fields.parent =
        `${input.parent} on ${engine} is already the parent of ${input.driver} network ` +
        `${taken.name}; the engine allows one ${input.driver} network per parent ` +
        `(use a VLAN sub-interface such as ${input.parent}.50).`;
    }
  }

  const bridgeName = input.driver === 'bridge' ? input.options?.[BRIDGE_NAME_OPTION] : undefined;
  if (bridgeName !== undefined) {
    const problem = bridgeNameProblem(bridgeName, networksOnEngine(topology, engine), engine);
    if (problem) fields[`options.${BRIDGE_NAME_OPTION}`] = problem;
  }

  const sameName = neighbours.find((network) => network.name === input.name);
  if (sameName) {
    fields.name = `A network named ${input.name} already exists: ${describeNetwork(topology, sameName)}.`;
    conflicts.push('name');
  }
  return { fields, conflicts };
}

/** The driver is one the engine offers (`GET /info` → `Plugins.Network`), or why not. */
export function checkDriverOffered(
  driver: NetworkDriver,
  offered: readonly string[],
  engine: string,
): string | null {
  if (offered.includes(driver)) return null;
  const usable = NETWORK_DRIVERS.filter((candidate) => offered.includes(candidate));
  return `${engine} does not offer the ${driver} driver (it offers ${usable.join(', ') || 'none of ours'}).`;
}

/** Addresses in use on a network: container endpoints, swarm tasks, load balancers and VIPs. */
export function addressesInUse(topology: Topology, network: TopologyNetwork): Map<string, string> {
  const used = new Map<string, string>();
  const add = (address: string | null, by: string) => {
    const parsed = address === null ? null : parseIp(address.split('/')[0] ?? '');
    if (parsed) used.set(formatIp(parsed), by);
  };
  for (const container of Object.values(topology.containers)) {
    for (const endpoint of container.endpoints) {
      if (endpoint.network !== network.id) continue;
      add(endpoint.ipv4, `container ${container.name}`);
      add(endpoint.ipv6, `container ${container.name}`);
    }
  }
  for (const task of Object.values(topology.tasks)) {
    if (task.desiredState !== 'running') continue;
    for (const address of task.addresses) {
      if (address.network === network.id) add(address.address, `task ${task.name}`);
    }
  }
  for (const service of Object.values(topology.services)) {
    for (const vip of service.vips) {
      if (vip.network === network.id) add(vip.addr, `the VIP of service ${service.name}`);
    }
  }
  for (const balancer of network.loadBalancers) {
    add(balancer.ipv4, 'the network’s load balancer');
    add(balancer.ipv6, 'the network’s load balancer');
  }
  for (const subnet of network.subnets) {
    // NOTE: the engine records a gateway only when one was asked for; its IPAM still reserves
    // the subnet's first host address for it.
    const cidr = parseCidr(subnet.subnet, { lenient: true });
    const first = cidr.ok
      ? formatIp({ family: cidr.value.family, value: cidr.value.network + 1n })
      : null;
    add(subnet.gateway ?? first, 'the gateway');
  }
  return used;
}

/** Why a container cannot join any further network (host, none or shared stack), or null. */
export function networkModeProblem(container: TopologyContainer): string | null {
  const mode = container.networkMode ?? '';
  if (mode === 'none')
    return `${container.name} runs with --network none; it cannot join networks.`;
  if (mode === 'host') {
    return `${container.name} uses the host's network stack; it cannot join other networks.`;
  }
  if (mode.startsWith('container:')) {
    return `${container.name} shares another container's network stack; connect that one instead.`;
  }
  return null;
}

/**
 * The rules of a connect that need the network (and the container, when the topology has it):
 * static addresses inside one of its subnets, not its own, broadcast, gateway or another
 * endpoint's address; aliases and static addresses only on user-defined networks; a swarm overlay
 * only when attachable; a container that has a network stack of its own.
 */
export function checkConnectAgainstNetwork(
  input: ConnectNetworkRequest,
  network: TopologyNetwork,
  topology: Topology,
  container?: TopologyContainer,
): Record<string, string> {
  const fields: Record<string, string> = {};
  // NOTE: besides being refused, a failed attach of a worker's container to an overlay leaves
  // the manager holding an attachment task (dockerd 20.10), and the overlay cannot be removed.
  const mode = container ? networkModeProblem(container) : null;
  if (mode) fields.container = mode;
  if (network.scope === 'swarm' && !network.attachable) {
    fields._ = `${network.name} is not attachable: only swarm services can join it.`;
  }
  if (network.system && input.aliases && input.aliases.length > 0) {
    fields.aliases = `Aliases work only on user-defined networks; ${network.name} is Docker's own.`;
  }
  const used = addressesInUse(topology, network);
  for (const [field, family] of [
    ['ipv4', 4],
    ['ipv6', 6],
  ] as const) {
    const text = input[field];
    if (text === undefined) continue;
    const address = parseIp(text);
    if (!address || address.family !== family) continue;
    if (network.system) {
      fields[field] =
        `Static addresses work only on user-defined networks; ${network.name} is Docker's own.`;
      continue;
    }
    const subnets = network.subnets
      .map((subnet) => ({ text: subnet.subnet, cidr: parseCidr(subnet.subnet, { lenient: true }) }))
      .filter((subnet) => subnet.cidr.ok && subnet.cidr.value.family === family);
    const home = subnets.find(
      (subnet) => subnet.cidr.ok && cidrContainsIp(subnet.cidr.value, address),
    );
    if (subnets.length === 0) {
      fields[field] = `${network.name} has no IPv${family} subnet.`;
    } else if (!home || !home.cidr.ok) {
      fields[field] =
        `${text} is outside ${network.name}'s subnet ${subnets.map((subnet) => subnet.text).join(', ')}.`;
    } else if (address.value === home.cidr.value.network) {
      fields[field] = `${text} is the subnet's own address; use a host address.`;
    } else if (family === 4 && address.value === lastAddress(home.cidr.value)) {
      fields[field] = `${text} is the subnet's broadcast address.`;
    } else {
      const by = used.get(formatIp(address));
      if (by) fields[field] = `${text} is already used by ${by}.`;
    }
  }
  return fields;
}
