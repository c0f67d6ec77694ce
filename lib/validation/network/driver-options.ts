import { parseIp } from '@/lib/ip/cidr';

import type { NetworkDriver } from './drivers';

/**
 * The driver options Portolan passes through, per driver. NOTE: an allow-list: any other key is
 * refused with its name, never handed to the engine.
 */

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

/** Why `key` is no option of `driver`, with a hint at what to set instead. */
function unknownOptionMessage(driver: NetworkDriver, key: string): string {
  const allowed = DRIVER_OPTIONS[driver];
  const hint =
    key === 'parent'
      ? ' Set the parent field instead.'
      : key === 'encrypted'
        ? ' Set the encrypted field instead.'
        : allowed.length > 0
          ? ` Allowed: ${allowed.map((candidate) => candidate.key).join(', ')}.`
          : '';
  return `${key} is not an option of the ${driver} driver.${hint}`;
}

/** The problems of a create's driver options, in their order: keys not allowed, values refused. */
export function driverOptionProblems(
  driver: NetworkDriver,
  options: Readonly<Record<string, string>>,
): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  for (const [key, value] of Object.entries(options)) {
    const spec = DRIVER_OPTIONS[driver].find((candidate) => candidate.key === key);
    const message = spec ? spec.check(value) : unknownOptionMessage(driver, key);
    if (message) problems.push({ key, message });
  }
  return problems;
}
