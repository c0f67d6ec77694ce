import { describe, expect, it } from 'vitest';

import {
  countTaskPhases,
  isDesiredRunning,
  isTaskCurrent,
  isTaskSettled,
  isTerminalTaskState,
  taskPhase,
} from './tasks';
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

describe('taskPhase', () => {
  it('is ended in a state the task never leaves, whatever it is told', () => {
    for (const state of ENDED)
      for (const desiredState of ['running', 'shutdown', 'remove'] as const)
        expect(taskPhase({ state, desiredState }), `${state}/${desiredState}`).toBe('ended');
  });

  it('is stopping when told to shut down or be removed before it ended (the grace period)', () => {
    for (const desiredState of ['shutdown', 'remove'] as const) {
      expect(taskPhase({ state: 'running', desiredState })).toBe('stopping');
      expect(taskPhase({ state: 'preparing', desiredState })).toBe('stopping');
    }
  });

  it('is running or starting when meant to run (a job runs towards complete)', () => {
    expect(taskPhase({ state: 'running', desiredState: 'running' })).toBe('running');
    expect(taskPhase({ state: 'running', desiredState: 'complete' })).toBe('running');
    for (const state of ['new', 'pending', 'assigned', 'preparing', 'starting'] as const)
      expect(taskPhase({ state, desiredState: 'running' }), state).toBe('starting');
    expect(taskPhase({ state: 'ready', desiredState: 'ready' })).toBe('starting');
  });

  it('counts tasks per phase', () => {
    expect(
      countTaskPhases([
        { state: 'running', desiredState: 'running' },
        { state: 'running', desiredState: 'remove' },
        { state: 'running', desiredState: 'shutdown' },
        { state: 'starting', desiredState: 'running' },
        { state: 'shutdown', desiredState: 'shutdown' },
      ]),
    ).toEqual({ starting: 1, running: 1, stopping: 2, ended: 1 });
  });
});
