import type Docker from 'dockerode';

import type { EngineHealth, SwarmSummary } from '@/lib/engines/health';
import { explainEngineError } from '@/lib/engines/health';

import { withTimeout } from '../docker/client';

const CALL_TIMEOUT_MS = 5_000;

interface InfoPayload {
  Name?: string;
  ServerVersion?: string;
  Swarm?: {
    LocalNodeState?: string;
    NodeID?: string;
    NodeAddr?: string;
    ControlAvailable?: boolean;
    Nodes?: number;
    Managers?: number;
  };
}

interface NodePayload {
  Status?: { State?: string };
}

/** Asks one engine who it is: version, API version, swarm membership and node readiness. */
export async function probeEngine(
  name: string,
  address: string,
  docker: Docker,
): Promise<EngineHealth> {
  const checkedAt = Date.now();
  try {
    const [version, info] = await Promise.all([
      withTimeout(docker.version(), CALL_TIMEOUT_MS, 'GET /version'),
      withTimeout(docker.info() as Promise<InfoPayload>, CALL_TIMEOUT_MS, 'GET /info'),
    ]);
    return {
      name,
      address,
      reachable: true,
      version: version.Version ?? info.ServerVersion ?? null,
      apiVersion: version.ApiVersion ?? null,
      hostname: info.Name ?? null,
      swarm: await swarmSummary(info, docker),
      error: null,
      retry: null,
      checkedAt,
    };
  } catch (error) {
    return unreachable(name, address, error, checkedAt);
  }
}

async function swarmSummary(info: InfoPayload, docker: Docker): Promise<SwarmSummary | null> {
  const swarm = info.Swarm;
  if (!swarm) return null;
  const isManager = swarm.ControlAvailable === true;
  let nodesReady: number | null = null;
  if (isManager && swarm.LocalNodeState === 'active') {
    const nodes = (await withTimeout(docker.listNodes(), CALL_TIMEOUT_MS, 'GET /nodes')) as
      NodePayload[] | undefined;
    nodesReady = (nodes ?? []).filter((node) => node.Status?.State === 'ready').length;
  }
  return {
    state: swarm.LocalNodeState ?? 'inactive',
    nodeId: swarm.NodeID || null,
    nodeAddr: swarm.NodeAddr || null,
    isManager,
    nodes: isManager ? (swarm.Nodes ?? null) : null,
    nodesReady,
    managers: isManager ? (swarm.Managers ?? null) : null,
  };
}

export function unreachable(
  name: string,
  address: string,
  error: unknown,
  checkedAt = Date.now(),
): EngineHealth {
  const { code, message } = describeError(error);
  return {
    name,
    address,
    reachable: false,
    version: null,
    apiVersion: null,
    hostname: null,
    swarm: null,
    error: explainEngineError(code, message, address),
    retry: null,
    checkedAt,
  };
}

export function describeError(error: unknown): { code: string | undefined; message: string } {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { code: typeof code === 'string' ? code : undefined, message: error.message };
  }
  return { code: undefined, message: String(error) };
}
