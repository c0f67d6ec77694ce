import { z } from 'zod';

import { cidrContainsCidr, cidrContainsIp, lastAddress, parseCidr, parseIp } from '@/lib/ip/cidr';

import { dataKeyRecord, labelsSchema } from '../common';
import { driverOptionProblems } from './driver-options';
import { NETWORK_DRIVER_FIELDS, type NetworkDriver } from './drivers';
import {
  addressProblem,
  booleanField,
  engineNameSchema,
  networkDriverSchema,
  networkNameSchema,
  objectError,
  optionalText,
  subnetProblem,
} from './field-schemas';

/** The body of `POST /api/networks`: its fields, and the rules between them. */

type AddIssue = (path: string[], message: string) => void;

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

/** The request as the cross-field rules see it: every field typed, texts maybe invalid. */
type CreateFields = z.output<z.ZodObject<typeof createShape>>;

/** The fields only some drivers take: a parent interface, the overlay-only flags. */
function driverFieldRules(input: CreateFields, issue: AddIssue): void {
  const fields = NETWORK_DRIVER_FIELDS[input.driver];
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
}

/** A gateway lives inside its subnet, and is neither the subnet's own nor its broadcast address. */
function gatewayRules(
  input: CreateFields,
  subnetField: 'subnet' | 'ipv6Subnet',
  gatewayField: 'gateway' | 'ipv6Gateway',
  issue: AddIssue,
): ReturnType<typeof parseCidr> | null {
  const subnetText = input[subnetField];
  const gatewayText = input[gatewayField];
  const subnet = subnetText === undefined ? null : parseCidr(subnetText);
  if (gatewayText === undefined) return subnet;
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
  return subnet;
}

/** Gateways and the IP range inside their subnets. */
function addressRules(input: CreateFields, issue: AddIssue): void {
  const subnet = gatewayRules(input, 'subnet', 'gateway', issue);
  gatewayRules(input, 'ipv6Subnet', 'ipv6Gateway', issue);
  if (input.ipRange === undefined) return;
  const range = parseCidr(input.ipRange);
  if (!subnet) issue(['ipRange'], 'Set subnet first: the IP range lives inside it.');
  else if (subnet.ok && range.ok && !cidrContainsCidr(subnet.value, range.value)) {
    issue(['ipRange'], `${input.ipRange} is not inside the subnet ${input.subnet}.`);
  }
}

/** Cross-field rules of a create request that need no topology. */
function createRules(input: CreateFields, ctx: z.RefinementCtx): void {
  const issue: AddIssue = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  // NOTE: zod runs this after non-fatal field issues too: texts may be invalid here (types are
  // right), so every parse below is checked.
  const fields = NETWORK_DRIVER_FIELDS[input.driver] as
    (typeof NETWORK_DRIVER_FIELDS)[NetworkDriver] | undefined;
  if (!fields) return;
  driverFieldRules(input, issue);
  addressRules(input, issue);
  for (const { key, message } of driverOptionProblems(input.driver, input.options ?? {})) {
    issue(['options', key], message);
  }
}

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
