import { z } from 'zod';

import { cidrsOverlap, parseCidr, parseIp, type Cidr, type IpFamily } from '@/lib/ip/cidr';
import { isSystemNetworkName } from '@/lib/topology/system-networks';

import { dockerNameSchema } from '../common';
import { NETWORK_DRIVERS } from './drivers';

/** The field schemas the network requests share: texts, addresses, prefixes, names, flags. */

const ENGINE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/**
 * An optional text field: absent or blank means "not given" (a form sends "" for an empty
 * input); otherwise trimmed and checked by `problem`.
 */
export function optionalText(
  typeMessage: string,
  max: number,
  problem: (value: string) => string | null,
) {
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

/** The problem of a prefix of `family` with a length from `min` to `max`, or null. */
export function subnetProblem(family: IpFamily, min: number, max: number) {
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

/** The problem of an address of `family`, or null. */
export function addressProblem(family: IpFamily) {
  return (value: string): string | null => {
    const parsed = parseIp(value);
    if (!parsed) return `${value} is not an IPv${family} address.`;
    return parsed.family === family ? null : `Give an IPv${family} address.`;
  };
}

export const booleanField = (name: string) =>
  z.boolean({ error: `${name} is true or false.` }).optional();

/** The message of a request that is no object, or that has fields no schema knows. */
export function objectError(what: string) {
  return (issue: { code?: string; keys?: readonly string[]; input?: unknown }) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys ?? [];
      return `Unknown field${keys.length === 1 ? '' : 's'}: ${keys.join(', ')}`;
    }
    return `Send ${what} as a JSON object.`;
  };
}

export const networkDriverSchema = z.enum(NETWORK_DRIVERS, {
  error: 'Choose bridge, overlay, macvlan or ipvlan.',
});

export const networkNameSchema = dockerNameSchema.refine((name) => !isSystemNetworkName(name), {
  error: 'Docker uses this name for its own network; choose another.',
});

export const engineNameSchema = z
  .string({ error: 'The engine is a name.' })
  .trim()
  .regex(ENGINE_NAME, { error: 'Not an engine name.' })
  .optional();
