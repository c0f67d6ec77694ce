/*
 * Why a prediction is empty, and which live lookup outcomes agree with that reason. A sweep that
 * compares only address lists counts "no answer" as agreement whatever happened; this says what
 * kind of "no answer" each rule expects, so a timeout where Docker should have said NXDOMAIN (or
 * an exec that failed) is a disagreement too.
 */
import type { LookupStatus } from './lookup';
import type { Resolution, ResolveRule } from './resolve';

export type PredictedOutcome =
  /** Docker's embedded DNS answers with addresses. */
  | 'answer'
  /** Docker has no record of the name for this container: it forwards the query upstream. */
  | 'forwarded-upstream'
  /** The embedded DNS is not in the path: the host's resolvers decide (default bridge, host). */
  | 'host-resolvers'
  /** Nothing to ask: no network but loopback, or the container is not running. */
  | 'no-resolver';

const EMPTY_OUTCOME: Record<ResolveRule, PredictedOutcome> = {
  'shared-network': 'forwarded-upstream',
  'network-qualified': 'forwarded-upstream',
  'link-alias': 'forwarded-upstream',
  'other-network': 'forwarded-upstream',
  forwarded: 'forwarded-upstream',
  'ingress-only': 'forwarded-upstream',
  'default-bridge': 'host-resolvers',
  'host-network': 'host-resolvers',
  'no-network': 'no-resolver',
  'not-running': 'no-resolver',
};

/** What a live lookup should meet, by the rule that made the prediction. */
export function predictedOutcome(resolution: Resolution): PredictedOutcome {
  if (resolution.answers.length > 0) return 'answer';
  return EMPTY_OUTCOME[resolution.rule];
}

/**
 * The live outcomes each prediction allows. Upstream servers are the host's: they may deny the
 * name (NXDOMAIN), say nothing useful, or not answer in time; an address from them would show as
 * an address disagreement. Without a resolver the query cannot even leave the container.
 */
const AGREEING: Record<PredictedOutcome, ReadonlySet<LookupStatus>> = {
  answer: new Set(['answered']),
  'forwarded-upstream': new Set(['nxdomain', 'no-answer', 'timeout']),
  'host-resolvers': new Set(['nxdomain', 'no-answer', 'timeout', 'unreachable']),
  'no-resolver': new Set(['unreachable', 'timeout']),
};

export function outcomeAgrees(predicted: PredictedOutcome, live: LookupStatus): boolean {
  return AGREEING[predicted].has(live);
}
