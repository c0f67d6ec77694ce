import http from 'node:http';
import type { Duplex } from 'node:stream';

import { Client, type ConnectConfig } from 'ssh2';

/**
 * HTTP to a remote engine over ONE SSH connection: each HTTP connection is a channel running
 * `docker system dial-stdio` on the host, as the docker CLI does per command.
 * NOTE: docker-modem's own SSH transport opens a new SSH connection per API call. An inventory
 * makes ~20 calls at once, and sshd's default `MaxStartups 10:30:100` drops unauthenticated
 * connections beyond 10 at random, so reads failed at random against a stock sshd. Channels on one
 * connection are bounded by sshd's `MaxSessions` (default 10) instead: we keep below it.
 */
export const SSH_CHANNELS_PER_ENGINE = 6;
const CHANNEL_RETRIES = 50;
const CHANNEL_RETRY_MS = 100;

export function createSshHttpAgent(config: ConnectConfig): http.Agent {
  let client: Promise<Client> | null = null;

  const connected = (): Promise<Client> => {
    if (client) return client;
    const attempt = new Promise<Client>((resolve, reject) => {
      const connection = new Client();
      const forget = () => {
        if (client === attempt) client = null;
      };
      connection
        .once('ready', () => resolve(connection))
        .once('error', (error) => {
          forget();
          reject(error);
        })
        .once('close', forget)
        .connect(config);
    });
    client = attempt;
    return attempt;
  };

  // NOTE: sshd frees a session only once its `dial-stdio` has exited, a moment after the HTTP
  // client closed the channel: count a channel until its own `close`, and queue the rest.
  let open = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    open -= 1;
    waiting.shift()?.();
  };
  const openChannel = (done: (error: Error | null, stream?: Duplex) => void, tries = 0) => {
    open += 1;
    connected().then(
      (connection) =>
        connection.exec('docker system dial-stdio', (error, channel) => {
          if (!error) {
            channel.once('close', release);
            done(null, channel);
            return;
          }
          release();
          // NOTE: sshd may still hold sessions whose channel we saw close: ask again shortly.
          if (/open failed/i.test(error.message) && tries < CHANNEL_RETRIES) {
            setTimeout(() => openChannel(done, tries + 1), CHANNEL_RETRY_MS);
          } else done(error);
        }),
      (error: Error) => {
        release();
        done(error);
      },
    );
  };

  // NOTE: no keep-alive: a channel is no net.Socket (http.Agent's idle handling stalled on it
  // when tried), so each request has its own channel and its own remote `docker` process.
  const agent = new http.Agent({ keepAlive: false });
  // NOTE: http.Agent's typing wants a net.Socket back; a channel is a Duplex, which is what the
  // HTTP client uses. The callback form lets the connection be made asynchronously.
  const createConnection = (
    _options: unknown,
    done: (error: Error | null, stream?: Duplex) => void,
  ): undefined => {
    if (open < SSH_CHANNELS_PER_ENGINE) openChannel(done);
    else waiting.push(() => openChannel(done));
    return undefined;
  };
  Object.assign(agent, { createConnection });
  const destroy = agent.destroy.bind(agent);
  agent.destroy = () => {
    destroy();
    void client?.then(
      (connection) => connection.end(),
      () => undefined,
    );
    client = null;
  };
  return agent;
}
