import { z } from 'zod';

import { aliasSchema } from '../common';
import {
  addressProblem,
  booleanField,
  engineNameSchema,
  objectError,
  optionalText,
} from './field-schemas';

/** The bodies of connect and disconnect, and the query of a network's removal. */

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
