import type Docker from 'dockerode';

import { dial } from '../dial';

/** What the swarm offer reads of `/info`. */
export interface SwarmInfo {
  Swarm?: { LocalNodeState?: string; NodeAddr?: string };
}

export function swarmCalls(docker: Docker) {
  return {
    info(): Promise<SwarmInfo> {
      return dial<SwarmInfo>(docker, { method: 'GET', path: '/info', ok: [200] });
    },
    /** `docker swarm init`; answers the new node's id. */
    init(advertiseAddr: string): Promise<string> {
      return dial<string>(docker, {
        method: 'POST',
        path: '/swarm/init',
        body: { ListenAddr: '0.0.0.0:2377', AdvertiseAddr: advertiseAddr },
        ok: [200],
      });
    },
  };
}
