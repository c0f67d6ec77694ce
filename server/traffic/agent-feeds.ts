import type { EngineSpec } from '@/lib/config/engine-address';
import { parseAgentReading, type AgentTrafficReading } from '@/lib/traffic/agent-wire';
import type { AgentFeedStatus } from '@/lib/traffic/engines';

import type { ServerConfig } from '../config';
import { AgentTrafficError, openAgentTrafficStream } from '../docker/agent-traffic';
import type { Logger } from '../logger';

type Open = typeof openAgentTrafficStream;

interface Feed {
  /** host:port the feed streams from: an agent that moved is streamed afresh. */
  target: string;
  handle: { close(): void } | null;
  status: AgentFeedStatus;
  retryAt: number;
  latest: AgentTrafficReading | null;
  receivedAt: number;
}

const RETRY_MS = 2_000;
/** An engine that answered 404 is not a Portolan agent: asked again only this rarely. */
const NOT_AN_AGENT_RETRY_MS = 60_000;

/** Engines that may be Portolan agents: TLS engines over TCP (agents are never anything else). */
const agentLike = (spec: EngineSpec) => spec.address.kind === 'tcp' && spec.address.tls;

/**
 * The dashboard's end of the agents' traffic streams: while the sampler runs, one
 * `GET /portolan/traffic` stream per TLS engine (the agents, found or configured), each line
 * checked with the shared schema and kept as that engine's latest reading; a stream that ends is
 * opened again. `close` (nobody watches) ends them all, and the agents stop sampling.
 */
export function createAgentFeeds(options: {
  tls: ServerConfig['tls'];
  intervalMs: number;
  logger: Logger;
  open?: Open;
  now?: () => number;
}) {
  const { tls, intervalMs, logger, open = openAgentTrafficStream, now = Date.now } = options;
  const feeds = new Map<string, Feed>();

  function start(name: string, spec: EngineSpec, feed: Feed) {
    feed.status = { state: 'connecting' };
    const onClose = (error: Error | null) => {
      if (feeds.get(name) !== feed) return;
      feed.handle = null;
      feed.latest = null;
      feed.status = {
        state: 'failed',
        reason: `its traffic stream ended (${error?.message ?? 'closed'})`,
      };
      feed.retryAt = now() + RETRY_MS;
    };
    open(spec, tls, intervalMs, {
      onLine(line) {
        if (feeds.get(name) !== feed) return;
        const reading = parseAgentReading(line);
        if (!reading.ok) {
          logger.warn('agent traffic: a reading refused', { engine: name, error: reading.error });
          return;
        }
        feed.latest = reading.value;
        feed.receivedAt = now();
      },
      onClose,
    }).then(
      (handle) => {
        if (feeds.get(name) !== feed) return handle.close();
        feed.handle = handle;
        feed.status = { state: 'streaming' };
        logger.info('agent traffic stream opened', { engine: name });
      },
      (error: unknown) => {
        if (feeds.get(name) !== feed) return;
        const status = error instanceof AgentTrafficError ? error.status : null;
        const reason = error instanceof Error ? error.message : String(error);
        feed.status =
          status === 404
            ? { state: 'not-an-agent', reason: 'it is not a Portolan agent (no traffic endpoint)' }
            : { state: 'failed', reason: `its agent refused the traffic stream (${reason})` };
        feed.retryAt = now() + (status === 404 ? NOT_AN_AGENT_RETRY_MS : RETRY_MS);
        logger.warn('agent traffic stream not opened', { engine: name, status, error: reason });
      },
    );
  }

  function drop(name: string) {
    const feed = feeds.get(name);
    feeds.delete(name);
    feed?.handle?.close();
  }

  return {
    /** Streams from every agent-like engine in `specs` (again, when one failed a while ago). */
    sync(specs: readonly EngineSpec[]) {
      const wanted = new Map<string, EngineSpec>();
      for (const spec of specs) if (agentLike(spec)) wanted.set(spec.name, spec);
      for (const name of [...feeds.keys()]) if (!wanted.has(name)) drop(name);
      for (const [name, spec] of wanted) {
        const target =
          spec.address.kind === 'tcp' ? `${spec.address.host}:${spec.address.port}` : '';
        let feed = feeds.get(name);
        if (feed && feed.target !== target) drop(name);
        feed = feeds.get(name);
        if (!feed) {
          feed = {
            target,
            handle: null,
            status: { state: 'connecting' },
            retryAt: 0,
            latest: null,
            receivedAt: 0,
          };
          feeds.set(name, feed);
          start(name, spec, feed);
        } else if (
          feed.status.state !== 'streaming' &&
          feed.status.state !== 'connecting' &&
          now() >= feed.retryAt
        ) {
          start(name, spec, feed);
        }
      }
    },
    /** The engine's latest reading, when one came within the last three intervals. */
    latest(name: string): AgentTrafficReading | null {
      const feed = feeds.get(name);
      if (!feed?.latest || now() - feed.receivedAt > 3 * intervalMs) return null;
      return feed.latest;
    },
    /** How the engine's agent feed is doing (null: not an agent-like engine). */
    status: (name: string): AgentFeedStatus | null => feeds.get(name)?.status ?? null,
    close() {
      for (const name of [...feeds.keys()]) drop(name);
    },
    open: () => [...feeds.values()].filter((feed) => feed.handle !== null).length,
  };
}

export type AgentFeeds = ReturnType<typeof createAgentFeeds>;
