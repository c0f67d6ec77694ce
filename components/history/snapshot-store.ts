'use client';

import { useMemo, useSyncExternalStore } from 'react';

import {
  MAX_SNAPSHOT_BYTES,
  readSnapshot,
  snapshotProblem,
  type PortableSnapshot,
  type SnapshotLabel,
} from '@/lib/history/snapshot';

import { updateViewState } from '../map/use-view-state';

/** A snapshot file this tab opened: shown at `/?snapshot=<id>`, with no engine behind it. */
export interface OpenedSnapshot {
  id: string;
  label: SnapshotLabel;
  snapshot: PortableSnapshot;
}

/*
 * NOTE: the file never leaves the browser. It is read here, checked with the server's own schema
 * (lib/history/snapshot.ts), and kept in this tab's sessionStorage so a reload (or the discovery
 * page, in the same tab) finds it again by its id; a file too big for that storage stays in
 * memory only, for as long as the page lives.
 */
const STORAGE_PREFIX = 'portolan.snapshot.';
const opened = new Map<string, OpenedSnapshot>();
let problem: string | null = null;
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (byte) => (byte % 36).toString(36)).join('');
}

function remember(id: string, file: string, text: string): OpenedSnapshot | string {
  const reading = readSnapshot(text);
  if (!reading.ok) return snapshotProblem(reading);
  const { snapshot } = reading;
  const entry = { id, label: { file, at: snapshot.at, exportedAt: snapshot.exportedAt }, snapshot };
  opened.set(id, entry);
  return entry;
}

/**
 * Reads a file the user chose or dropped. A good snapshot opens (`?snapshot=<id>`); a bad one
 * leaves the page as it was and says what is wrong, naming the field.
 */
export async function openSnapshotFile(file: File): Promise<void> {
  if (file.size > MAX_SNAPSHOT_BYTES) {
    problem = `${file.name}: the file: larger than ${MAX_SNAPSHOT_BYTES / 1024 / 1024} MB`;
    notify();
    return;
  }
  const text = await file.text();
  const id = newId();
  const entry = remember(id, file.name, text);
  if (typeof entry === 'string') {
    problem = `${file.name}: ${entry}`;
    notify();
    return;
  }
  try {
    sessionStorage.setItem(`${STORAGE_PREFIX}${id}`, JSON.stringify({ file: file.name, text }));
  } catch {
    // Too big for this tab's storage: it stays in memory (a reload will ask for the file again).
  }
  problem = null;
  notify();
  updateViewState({ snapshot: id, at: undefined, select: null });
}

/** Closes the snapshot: back to the live map. */
export function closeSnapshot() {
  problem = null;
  notify();
  updateViewState({ snapshot: undefined, select: null });
}

export function dismissSnapshotProblem() {
  problem = null;
  notify();
}

function find(id: string): OpenedSnapshot | null {
  const held = opened.get(id);
  if (held) return held;
  const stored = sessionStorage.getItem(`${STORAGE_PREFIX}${id}`);
  if (!stored) return null;
  const { file, text } = JSON.parse(stored) as { file: string; text: string };
  const entry = remember(id, file, text);
  return typeof entry === 'string' ? null : entry;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Why the last file could not be opened, or null. */
export function useSnapshotProblem(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => problem,
    () => null,
  );
}

/** The snapshot `?snapshot=<id>` names, once read; null when this tab does not hold it. */
export function useOpenedSnapshot(id: string | undefined): OpenedSnapshot | null {
  const version = useSyncExternalStore(
    subscribe,
    () => opened.size,
    () => 0,
  );
  return useMemo(
    () => (id && typeof window !== 'undefined' && version >= 0 ? find(id) : null),
    [id, version],
  );
}
