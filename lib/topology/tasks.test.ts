import { describe, expect, it } from 'vitest';

import { isDesiredRunning, isTaskCurrent, isTaskSettled, isTerminalTaskState } from './tasks';
import type { TaskState } from './types';

const ALL_STATES: TaskState[] = [
  'new',
  'allocated',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'remove',
  'orphaned',
];
const ENDED: TaskState[] = ['complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned'];

describe('isTaskCurrent', () => {
  it('is true for a task the orchestrator still wants', () => {
    const wanted: TaskState[] = ['new', 'pending', 'assigned', 'accepted', 'ready', 'running'];
    for (const desiredState of wanted)
      expect(isTaskCurrent({ desiredState }), desiredState).toBe(true);
  });

  it('is false for history: shut down, removed, or ended', () => {
    const history: TaskState[] = [
      'shutdown',
      'remove',
      'complete',
      'failed',
      'rejected',
      'orphaned',
    ];
    for (const desiredState of history)
      expect(isTaskCurrent({ desiredState }), desiredState).toBe(false);
  });
});

describe('isDesiredRunning', () => {
  it('is true only for a desired state of running, narrower than current', () => {
    for (const state of ALL_STATES)
      expect(isDesiredRunning(state), state).toBe(state === 'running');
    expect(isTaskCurrent({ desiredState: 'ready' })).toBe(true);
    expect(isDesiredRunning('ready')).toBe(false);
  });
});

describe('isTerminalTaskState', () => {
  it('is true for the states a task never leaves', () => {
    for (const state of ALL_STATES) {
      expect(isTerminalTaskState(state), state).toBe(ENDED.includes(state));
    }
  });
});

describe('isTaskSettled', () => {
  it('waits for a task meant to run until it runs or ends', () => {
    for (const state of ALL_STATES) {
      expect(isTaskSettled(state, 'running'), state).toBe(
        state === 'running' || ENDED.includes(state),
      );
    }
  });

  it('waits for a task meant to stop (scaled down, updated, removed) until it ends', () => {
    for (const desired of ['shutdown', 'remove', 'ready', 'complete'] as const) {
      for (const state of ALL_STATES) {
        expect(isTaskSettled(state, desired), `${state} → ${desired}`).toBe(ENDED.includes(state));
      }
    }
  });
});
