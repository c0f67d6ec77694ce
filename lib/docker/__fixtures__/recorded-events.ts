/*
 * Recorded lab events (lib/topology/__fixtures__) picked by what they are about, for the tests of
 * event normalization and invalidations.
 */
import { labEvents, type LabEngine } from '@/lib/topology/__fixtures__/lab';

import { normalizeDockerEvent, type DockerEvent } from '../events';

export interface RawEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
}

/** The first recorded event of `engine` that matches. Fixture ids change per lab, names do not. */
export function recorded(
  engine: LabEngine,
  type: string,
  action: string,
  name?: string,
): RawEvent & Record<string, unknown> {
  const found = labEvents(engine).find((raw) => {
    const event = raw as RawEvent;
    return (
      event.Type === type &&
      event.Action.split(':')[0] === action &&
      (name === undefined || event.Actor.Attributes.name === name)
    );
  });
  if (!found) throw new Error(`no recorded ${type} ${action} ${name ?? ''} on ${engine}`);
  return found as RawEvent & Record<string, unknown>;
}

/** A recorded event with another action: for actions the seeding never produced. */
export function edited(
  raw: RawEvent & Record<string, unknown>,
  action: string,
): RawEvent & Record<string, unknown> {
  return { ...raw, Action: action, status: action };
}

export function normalized(engine: LabEngine, raw: unknown): DockerEvent {
  const event = normalizeDockerEvent(engine, raw);
  if (!event) throw new Error('event did not normalize');
  return event;
}
