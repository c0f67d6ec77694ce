import fs from 'node:fs';

import { parseSnapshot, type PortableSnapshot } from '@/lib/history/snapshot';

/**
 * `--snapshot FILE` (or `--snapshot=FILE`) among the server's arguments: the snapshot it names,
 * read and checked; null without the flag. A file that cannot be read or is not a snapshot stops
 * the server with a line that says why, as a bad setting does.
 */
export function loadSnapshotArgument(args: readonly string[]): PortableSnapshot | null {
  const index = args.findIndex((arg) => arg === '--snapshot' || arg.startsWith('--snapshot='));
  if (index === -1) return null;
  const arg = args[index] ?? '';
  const file = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  if (!file) return fail('--snapshot needs a file');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`--snapshot ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const snapshot = parseSnapshot(text);
  return typeof snapshot === 'string' ? fail(`--snapshot ${file}: ${snapshot}`) : snapshot;
}

function fail(message: string): never {
  console.error(`portolan: ${message}`);
  process.exit(2);
}
