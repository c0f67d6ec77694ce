// NOTE: lib/docker may take the validated request types from lib/validation, never its code.
import type { CreateNetworkRequest } from '@/lib/validation/network';

import { withManagedLabel } from '../labels';

/** `POST /networks/create` as Portolan sends it (Engine API 1.41). */
export interface NetworkCreateSpec {
  Name: string;
  Driver: string;
  CheckDuplicate: boolean;
  Internal: boolean;
  Attachable: boolean;
  EnableIPv6: boolean;
  IPAM?: { Driver: string; Config: { Subnet: string; Gateway?: string; IPRange?: string }[] };
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** The engine-built request body of a create: only validated, allow-listed values. */
export function toCreateSpec(
  input: CreateNetworkRequest,
  /** The driver options this driver allows (the schema refused any other already). */
  allowedOptions: readonly string[],
): NetworkCreateSpec {
  const options: Record<string, string> = {};
  for (const key of allowedOptions) {
    const value = input.options?.[key];
    if (value !== undefined) options[key] = value;
  }
  if (input.parent !== undefined) options.parent = input.parent;
  if (input.driver === 'overlay' && input.encrypted) options.encrypted = '';
  const config: { Subnet: string; Gateway?: string; IPRange?: string }[] = [];
  if (input.subnet !== undefined) {
    config.push({
      Subnet: input.subnet,
      ...(input.gateway !== undefined ? { Gateway: input.gateway } : {}),
      ...(input.ipRange !== undefined ? { IPRange: input.ipRange } : {}),
    });
  }
  if (input.ipv6Subnet !== undefined) {
    config.push({
      Subnet: input.ipv6Subnet,
      ...(input.ipv6Gateway !== undefined ? { Gateway: input.ipv6Gateway } : {}),
    });
  }
  return {
    Name: input.name,
    Driver: input.driver,
    CheckDuplicate: true,
    Internal: input.internal ?? false,
    Attachable: input.driver === 'overlay' && (input.attachable ?? false),
    EnableIPv6: input.ipv6Subnet !== undefined,
    ...(config.length > 0 ? { IPAM: { Driver: 'default', Config: config } } : {}),
    Options: options,
    Labels: withManagedLabel(input.labels),
  };
}
