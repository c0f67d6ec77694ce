import { fieldErrors } from '@/lib/validation/fields';
import { describe, expect, it } from 'vitest';

import {
  connectNetworkSchema,
  disconnectNetworkSchema,
  removeNetworkQuerySchema,
} from './request-schemas';

describe('the connect, disconnect and remove schemas', () => {
  it('accept a container with aliases and addresses', () => {
    expect(
      connectNetworkSchema.parse({
        container: '/web',
        aliases: ['api', 'api.internal'],
        ipv4: '10.30.0.5',
        ipv6: '',
      }),
    ).toEqual({ container: 'web', aliases: ['api', 'api.internal'], ipv4: '10.30.0.5' });
    expect(disconnectNetworkSchema.parse({ container: 'web', force: true })).toEqual({
      container: 'web',
      force: true,
    });
    expect(removeNetworkQuerySchema.parse({ disconnect: '1', engine: 'node-2' })).toEqual({
      disconnect: true,
      engine: 'node-2',
    });
  });

  it.each<[string, unknown, string]>([
    ['no container', {}, 'container'],
    ['a bad alias', { container: 'web', aliases: ['a b'] }, 'aliases.0'],
    ['a twice-given alias', { container: 'web', aliases: ['a', 'a'] }, 'aliases'],
    ['an IPv6 as ipv4', { container: 'web', ipv4: 'fd00::1' }, 'ipv4'],
    ['an address with prefix', { container: 'web', ipv4: '10.0.0.1/24' }, 'ipv4'],
    ['an unknown field', { container: 'web', EndpointConfig: {} }, 'EndpointConfig'],
  ])('connect refuses %s', (_what, input, field) => {
    const result = connectNetworkSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error))).toContain(field);
  });

  it('remove refuses unknown query parameters and odd flags', () => {
    const unknown = removeNetworkQuerySchema.safeParse({ force: '1' });
    expect(unknown.success).toBe(false);
    if (!unknown.success)
      expect(fieldErrors(unknown.error)).toEqual({ force: 'Unknown field: force' });
    expect(removeNetworkQuerySchema.safeParse({ disconnect: 'yes' }).success).toBe(false);
  });
});
