import { describe, expect, it } from 'vitest';

import { outcomeAgrees, predictedOutcome } from './outcome';
import type { Resolution } from './resolve';

function resolution(rule: Resolution['rule'], answers: string[] = []): Resolution {
  return {
    from: { id: 'c1', name: 'client' },
    name: 'x',
    answers,
    rule,
    explanation: '',
    network: null,
    kind: null,
    forwarded: answers.length === 0,
    elsewhere: [],
    hostsFile: [],
    namesakes: [],
  };
}

describe('why a prediction is empty, and which live outcomes agree', () => {
  it('an answered prediction agrees only with an answered lookup', () => {
    const predicted = predictedOutcome(resolution('shared-network', ['10.0.0.2']));
    expect(predicted).toBe('answer');
    expect(outcomeAgrees(predicted, 'answered')).toBe(true);
    for (const status of ['nxdomain', 'timeout', 'no-answer', 'error'] as const)
      expect(outcomeAgrees(predicted, status)).toBe(false);
  });

  it('a name Docker does not know here is forwarded upstream: NXDOMAIN, nothing or a timeout', () => {
    for (const rule of ['forwarded', 'other-network', 'ingress-only'] as const) {
      const predicted = predictedOutcome(resolution(rule));
      expect(predicted).toBe('forwarded-upstream');
      expect(outcomeAgrees(predicted, 'nxdomain')).toBe(true);
      expect(outcomeAgrees(predicted, 'timeout')).toBe(true);
      // The embedded DNS is there: it cannot be unreachable, and an exec failure is no answer.
      expect(outcomeAgrees(predicted, 'unreachable')).toBe(false);
      expect(outcomeAgrees(predicted, 'error')).toBe(false);
    }
  });

  it('no network: the query cannot leave; default bridge and host: the host resolvers decide', () => {
    expect(predictedOutcome(resolution('no-network'))).toBe('no-resolver');
    expect(outcomeAgrees('no-resolver', 'unreachable')).toBe(true);
    expect(outcomeAgrees('no-resolver', 'nxdomain')).toBe(false);
    expect(predictedOutcome(resolution('default-bridge'))).toBe('host-resolvers');
    expect(predictedOutcome(resolution('host-network'))).toBe('host-resolvers');
    expect(outcomeAgrees('host-resolvers', 'unreachable')).toBe(true);
    expect(outcomeAgrees('host-resolvers', 'error')).toBe(false);
  });
});
