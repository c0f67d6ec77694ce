import { describe, expect, it } from 'vitest';

import { formatClock } from './clock';

describe('formatClock', () => {
  it('says what toLocaleTimeString([], { hour12: false }) says, midnight and noon included', () => {
    const day = new Date(2026, 11, 4).getTime();
    const moments = [0, 1, 9 * 3600 + 5, 12 * 3600, 13 * 3600 + 59 * 60 + 59, 23 * 3600 + 7];
    for (const seconds of moments) {
      const date = new Date(day + seconds * 1000 + 123);
      expect(formatClock(date)).toBe(date.toLocaleTimeString([], { hour12: false }));
      expect(formatClock(date.getTime())).toBe(date.toLocaleTimeString([], { hour12: false }));
    }
  });
});
