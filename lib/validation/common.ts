import { z } from 'zod';

import { envKey } from '@/lib/docker/labels';

// NOTE: the managed label and env keys are defined with the engine specs that write them.
export { MANAGED_LABEL, envKey, withManagedLabel } from '@/lib/docker/labels';

/**
 * Field schemas shared by every create/update form and route (networks, services, containers).
 * Pure zod: the browser validates with the same rules the server enforces. Messages never echo
 * the value (an env value may be a secret).
 */

function unknownKeysMessage(issue: { code?: string; keys?: readonly string[] }) {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const keys = issue.keys ?? [];
  return `Unknown field${keys.length === 1 ? '' : 's'}: ${keys.join(', ')}`;
}

/**
 * A closed object: any field not in `shape` is refused (`Unknown field: privileged`), so nothing
 * outside the allow-list reaches an engine request.
 */
export function closedObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, { error: unknownKeysMessage });
}

/** Docker object names (networks, containers): a letter or digit first, then `[a-zA-Z0-9_.-]`. */
export const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const dockerNameSchema = z
  .string({ error: 'Give a name.' })
  .trim()
  .min(1, { error: 'Give a name.' })
  .max(128, { error: 'At most 128 characters.' })
  .regex(DOCKER_NAME, {
    error: 'Letters, digits, "_", "." and "-" only, starting with a letter or digit.',
  });

/** A network, by name or id, as a workload refers to it. */
export const networkRefSchema = z
  .string({ error: 'Choose a network.' })
  .trim()
  .min(1, { error: 'Choose a network.' })
  .max(128, { error: 'At most 128 characters.' })
  .regex(DOCKER_NAME, { error: 'Not a network name or id.' });

/** A DNS alias on a network: DNS-style labels separated by dots. */
export const aliasSchema = z
  .string({ error: 'An alias is a text.' })
  .trim()
  .min(1, { error: 'An alias cannot be empty.' })
  .max(253, { error: 'At most 253 characters.' })
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9_-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9_-]*[a-zA-Z0-9])?)*$/, {
    error: 'Letters, digits, "-" and "_" in dot-separated parts.',
  });

/** One network a workload joins, with its DNS aliases there. */
export const networkAttachmentSchema = closedObject({
  network: networkRefSchema,
  aliases: z
    .array(aliasSchema)
    .max(16, { error: 'At most 16 aliases per network.' })
    .refine((aliases) => new Set(aliases).size === aliases.length, {
      error: 'Each alias once.',
    })
    .optional(),
});

export const networkAttachmentsSchema = z
  .array(networkAttachmentSchema)
  .max(16, { error: 'At most 16 networks.' })
  .superRefine((attachments, ctx) => {
    const seen = new Set<string>();
    attachments.forEach((attachment, index) => {
      if (seen.has(attachment.network)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'network'],
          message: `${attachment.network} is listed twice.`,
        });
      }
      seen.add(attachment.network);
    });
  });

// NOTE: the reference grammar of distribution/reference, without the domain's IPv6 form.
const IMAGE_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_DOMAIN =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?';
export const IMAGE_REFERENCE = new RegExp(
  `^(?:${IMAGE_DOMAIN}/)?${IMAGE_COMPONENT}(?:/${IMAGE_COMPONENT})*` +
    '(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$',
);

/** An image reference as `docker run` takes it: `busybox`, `busybox:latest`, `reg:5000/a/b@sha256:…`. */
export const imageSchema = z
  .string({ error: 'Choose an image.' })
  .trim()
  .min(1, { error: 'Choose an image.' })
  .max(255, { error: 'At most 255 characters.' })
  .regex(IMAGE_REFERENCE, {
    error: 'Not an image reference (e.g. busybox:latest, registry:5000/team/app:1.2).',
  });

export const portSchema = z
  .number({ error: 'A port is a number.' })
  .int({ error: 'A port is a whole number.' })
  .min(1, { error: 'Ports are 1–65535.' })
  .max(65535, { error: 'Ports are 1–65535.' });

export const protocolSchema = z.enum(['tcp', 'udp'], { error: 'tcp or udp.' });

/** The command a container runs, one argument per item (exec form, no shell parsing). */
export const commandSchema = z
  .array(
    z
      .string({ error: 'Each argument is a text.' })
      .max(4096, { error: 'At most 4096 characters per argument.' })
      .refine((arg) => !arg.includes('\0'), { error: 'No NUL characters.' }),
  )
  .min(1, { error: 'Give at least the program to run.' })
  .max(64, { error: 'At most 64 arguments.' })
  .refine((args) => (args[0] ?? '').trim() !== '', { error: 'The program name is empty.' });

export const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const envKeySchema = z
  .string({ error: 'A variable name is a text.' })
  .regex(ENV_KEY, {
    error: 'Variable names are letters, digits and "_", not starting with a digit.',
  })
  .max(256, { error: 'At most 256 characters.' });

/** One `KEY=value` entry. The value may be a secret: messages name the key at most. */
export const envEntrySchema = z
  .string({ error: 'Each entry is KEY=value.' })
  .max(32 * 1024, { error: 'At most 32 KiB per entry.' })
  .superRefine((entry, ctx) => {
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      ctx.addIssue({ code: 'custom', message: 'Write KEY=value.' });
      return;
    }
    const key = entry.slice(0, eq);
    if (!ENV_KEY.test(key) || key.length > 256) {
      ctx.addIssue({
        code: 'custom',
        message: 'Variable names are letters, digits and "_", not starting with a digit.',
      });
    }
    if (entry.includes('\0')) ctx.addIssue({ code: 'custom', message: 'No NUL characters.' });
  });

/** The name part of a `KEY=value` entry. */

export const envSchema = z
  .array(envEntrySchema)
  .max(128, { error: 'At most 128 variables.' })
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      const key = envKey(entry);
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: [index], message: `${key} is set twice.` });
      }
      seen.add(key);
    });
  });

/** Label key prefixes Docker and Portolan reserve for themselves. */
export const RESERVED_LABEL_PREFIXES = [
  'com.docker.',
  'io.docker.',
  'org.dockerproject.',
  'com.portolan.',
] as const;

const LABEL_KEY = /^[a-zA-Z0-9]([a-zA-Z0-9._/-]*[a-zA-Z0-9])?$/;

/** Keys that name JavaScript's object machinery rather than data. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A map key (label, driver option) that is data, not object machinery. NOTE: without this,
 * `{"__proto__": "x"}` parses to `{}` and the key is silently dropped instead of refused.
 */
export function isDataKey(key: string): boolean {
  return !PROTOTYPE_KEYS.has(key);
}

const PROTOTYPE_KEY_MESSAGE = 'This key is reserved by JavaScript; choose another.';

/**
 * A key: value map schema that refuses object-machinery keys by name. NOTE: zod's record skips a
 * JSON `__proto__` key without a word, so the raw input is checked before it parses.
 */
export function dataKeyRecord<T extends z.ZodType>(schema: T) {
  return z.preprocess((input, ctx) => {
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      for (const key of Object.keys(input)) {
        if (!isDataKey(key)) {
          ctx.issues.push({ code: 'custom', path: [key], message: PROTOTYPE_KEY_MESSAGE, input });
        }
      }
    }
    return input;
  }, schema);
}

export const labelsSchema = dataKeyRecord(
  z
    .record(
      z
        .string()
        .max(128, { error: 'Label keys are at most 128 characters.' })
        .regex(LABEL_KEY, {
          error:
            'Label keys are letters, digits, ".", "_", "/" and "-", starting and ending with a letter or digit.',
        })
        .refine((key) => !RESERVED_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix)), {
          error: `Label keys starting ${RESERVED_LABEL_PREFIXES.join(', ')} are reserved.`,
        }),
      z
        .string({ error: 'Label values are texts.' })
        .max(1024, { error: 'At most 1024 characters.' }),
      { error: 'Labels are an object of key: value texts.' },
    )
    .refine((labels) => Object.keys(labels).length <= 64, { error: 'At most 64 labels.' }),
);

/** CPU and memory limits, as `--cpus` / `--limit-cpu` and `--memory` / `--limit-memory`. */
export const limitsSchema = closedObject({
  cpus: z
    .number({ error: 'CPUs are a number.' })
    .min(0.01, { error: 'At least 0.01 CPU.' })
    .max(128, { error: 'At most 128 CPUs.' })
    .optional(),
  memoryMb: z
    .number({ error: 'Memory is a number of MiB.' })
    .int({ error: 'Memory is a whole number of MiB.' })
    .min(6, { error: 'At least 6 MiB (the engine refuses less).' })
    .max(1024 * 1024, { error: 'At most 1 TiB.' })
    .optional(),
});

export type Limits = z.infer<typeof limitsSchema>;

/** Seconds the engine waits after SIGTERM before killing (Docker's own default is 10). */
export const stopGracePeriodSchema = z
  .number({ error: 'Seconds, as a number.' })
  .int({ error: 'Whole seconds.' })
  .min(0, { error: '0–300 seconds.' })
  .max(300, { error: '0–300 seconds.' });

/** An IPv4 or IPv6 address, without a port. */
export const ipAddressSchema = z
  .string({ error: 'Give an IP address.' })
  .trim()
  .pipe(z.union([z.ipv4(), z.ipv6()], { error: 'Not an IP address.' }));

/**
 * A refinement for a list of port mappings: each published port/protocol once, the repeat
 * named against the first (`5000/tcp is already <verb> by port 1 of this form.`).
 */
export function uniquePublishedPorts(verb: string) {
  return (
    ports: readonly { published?: number | undefined; protocol: string }[],
    ctx: z.RefinementCtx,
  ) => {
    const seen = new Map<string, number>();
    ports.forEach((port, index) => {
      if (port.published === undefined) return;
      const key = `${port.published}/${port.protocol}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'published'],
          message: `${key} is already ${verb} by port ${first + 1} of this form.`,
        });
      }
      seen.set(key, index);
    });
  };
}
