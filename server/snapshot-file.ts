import fs from 'node:fs';
import path from 'node:path';

import { MAX_SNAPSHOT_BYTES, parseSnapshot, type PortableSnapshot } from '@/lib/history/snapshot';

/**
 * `--snapshot FILE` (or `--snapshot=FILE`) among the server's arguments: the snapshot it names,
 * read and checked (lib/history/snapshot.ts, the browser's upload uses the same schema), with the
 * file's name; null without the flag. A file that cannot be read or is not a snapshot stops
 * the server with a line that says why, as a bad setting does.
 */
export function loadSnapshotArgument(
  args: readonly string[],
): { snapshot: PortableSnapshot; file: string } | null {
  const index = args.findIndex((arg) => arg === '--snapshot' || arg.startsWith('--snapshot='));
  if (index === -1) return null;
  const arg = args[index] ?? '';
  const file = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  if (!file) return fail('--snapshot needs a file');
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_SNAPSHOT_BYTES) {
      return fail(
        `--snapshot ${file}: the file: larger than ${MAX_SNAPSHOT_BYTES / 1024 / 1024} MB`,
      );
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`--snapshot ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const snapshot = parseSnapshot(text);
  if (typeof snapshot === 'string') return fail(`--snapshot ${file}: ${snapshot}`);
  return { snapshot, file: path.basename(file) };
}

function fail(message: string): never {
  console.error(`portolan: ${message}`);
  process.exit(2);
}
