'use client';

import { useCallback, useRef, type DragEvent, type ReactNode } from 'react';

import type { SnapshotLabel } from '@/lib/history/snapshot';

import { formatMoment } from './timeline';
import {
  closeSnapshot,
  dismissSnapshotProblem,
  openSnapshotFile,
  useSnapshotProblem,
} from './snapshot-store';

/**
 * The mark of a snapshot file, over the map and the discovery page: which file, the moment it
 * shows, when it was exported, and that nothing here talks to an engine.
 */
export function SnapshotBanner({
  label,
  children,
}: {
  label: SnapshotLabel;
  /** The page's ways onward (open another file, close). */
  children?: ReactNode;
}) {
  const at = Date.parse(label.at);
  return (
    <div
      role="status"
      data-testid="snapshot-banner"
      className="flex flex-wrap items-center gap-3 border-b border-warn/60 bg-warn/15 px-4 py-1.5 text-xs"
    >
      <span className="font-semibold text-warn">▤ Snapshot</span>
      <span>
        <span className="font-mono font-semibold" data-testid="snapshot-file">
          {label.file}
        </span>
        : the map as it was at{' '}
        <time dateTime={label.at} className="font-mono font-semibold">
          {formatMoment(at)}
        </time>{' '}
        (exported {formatMoment(Date.parse(label.exportedAt))}). Read-only, no engine: nothing here
        talks to Docker.
      </span>
      <span className="ml-auto" />
      {children}
    </div>
  );
}

/** "Open snapshot…": a file picker for a snapshot file (the same as dropping it on the page). */
export function SnapshotOpenButton({ label = 'Open snapshot…' }: { label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        className="rounded-md border border-border px-2 py-0.5 text-xs hover:bg-border/40"
        title="Open a snapshot file (Download snapshot, or GET /api/snapshot) in this tab, read-only"
      >
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        data-testid="snapshot-file-input"
        aria-label="Snapshot file"
        className="hidden"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void openSnapshotFile(file);
        }}
      />
    </>
  );
}

/** The ways out of an opened snapshot: another file, or back to the live map. */
export function SnapshotActions() {
  return (
    <>
      <SnapshotOpenButton label="Open another…" />
      <button
        type="button"
        onClick={closeSnapshot}
        className="rounded-md bg-accent px-2.5 py-0.5 font-semibold text-on-accent hover:opacity-90"
      >
        Close snapshot
      </button>
    </>
  );
}

/** Why the last file was refused, naming the field; what was shown stays as it was. */
export function SnapshotProblem() {
  const problem = useSnapshotProblem();
  if (!problem) return null;
  return (
    <div
      role="alert"
      data-testid="snapshot-problem"
      className="flex items-center gap-3 border-b border-bad/40 bg-bad/10 px-4 py-1.5 text-xs"
    >
      <span>
        <span className="font-semibold">This file cannot be opened as a snapshot.</span> {problem}.
        Nothing was changed.
      </span>
      <button
        type="button"
        onClick={dismissSnapshotProblem}
        className="ml-auto rounded-md border border-border px-2 py-0.5 hover:bg-border/40"
      >
        Dismiss
      </button>
    </div>
  );
}

/** `/?snapshot=` with no file held by this tab: what it is for, and where to put the file. */
export function SnapshotOpenPanel({ missing }: { missing: boolean }) {
  return (
    <div
      data-testid="snapshot-open"
      className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-6 text-center text-sm"
    >
      <p className="max-w-lg">
        {missing
          ? 'This tab does not hold that snapshot any more (snapshots stay in the tab that opened them). Open the file again.'
          : 'Open a Portolan snapshot file to see its map, list, inspector and DNS views, read-only, with no engine.'}
      </p>
      <p className="text-muted">Choose the file, or drop it anywhere on this page.</p>
      <SnapshotOpenButton label="Choose a snapshot file…" />
    </div>
  );
}

/** Dropping a file anywhere on the element opens it as a snapshot. */
export function useSnapshotDrop() {
  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes('Files')) event.preventDefault();
  }, []);
  const onDrop = useCallback((event: DragEvent) => {
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    void openSnapshotFile(file);
  }, []);
  return { onDragOver, onDrop };
}
