import { describe, expect, it } from 'vitest';

import { isTaskCurrent } from './tasks';
import type { TaskState } from './types';

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
