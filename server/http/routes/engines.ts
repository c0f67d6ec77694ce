import { invalid, Refusal } from '@/lib/refusal';
import { managerEngines } from '@/lib/topology/queries';

import type { EngineGateway } from '../../docker/gateway';
import type { RouteContext } from '../route';

/** The configured engine with this name. */
export function engineNamed(context: RouteContext, name: string): EngineGateway | undefined {
  return context.engines.find((engine) => engine.name === name);
}

/** The engine by name: refused by field when unknown, 503 when the hub knows it is unreachable. */
export function reachableEngine(context: RouteContext, name: string): EngineGateway {
  const engine = engineNamed(context, name);
  if (!engine) {
    const known = context.engines.map((candidate) => candidate.name).join(', ');
    throw invalid({ engine: `No engine named ${name} (known: ${known}).` });
  }
  const state = context.hub.snapshot().engines[name];
  if (state && !state.reachable) {
    throw new Refusal(
      'unavailable',
      `The engine ${name} is unreachable${state.error ? `: ${state.error}` : '.'}`,
    );
  }
  return engine;
}

/**
 * A live swarm manager to send service requests to: unavailable when the swarm's managers are all
 * unreachable, a conflict when no engine is in swarm mode (initialize a swarm first).
 */
export function chooseManager(context: RouteContext): EngineGateway {
  const engines = Object.values(context.hub.snapshot().engines);
  const managers = managerEngines(context.hub.snapshot());
  for (const manager of managers.filter((engine) => engine.reachable)) {
    const engine = engineNamed(context, manager.name);
    if (engine) return engine;
  }
  if (managers.length > 0) {
    throw new Refusal(
      'unavailable',
      `No swarm manager is reachable (${managers.map((engine) => engine.name).join(', ')}).`,
    );
  }
  if (engines.length > 0 && engines.every((engine) => !engine.reachable)) {
    throw new Refusal('unavailable', 'No engine is reachable.');
  }
  throw new Refusal(
    'conflict',
    'No engine Portolan is connected to manages a swarm: initialize one (POST /api/swarm/init) or connect a manager.',
  );
}
