import http from 'node:http';
import type { Duplex } from 'node:stream';

import { Client, type ConnectConfig } from 'ssh2';

import { ChannelSocket } from './channel-socket';

/**
 * HTTP to a remote engine over ONE SSH connection: each HTTP connection is a channel running
 * `docker system dial-stdio` on the host, as the docker CLI does per command, and is kept open for
 * the next request (HTTP keep-alive through the channel).
 * NOTE: docker-modem's own SSH transport opens a new SSH connection per API call. An inventory
 * makes ~20 calls at once, and sshd's default `MaxStartups 10:30:100` drops unauthenticated
 * connections beyond 10 at random, so reads failed at random against a stock sshd. Channels on one
 * connection are bounded by sshd's `MaxSessions` (default 10) instead: we keep below it.
 * NOTE: a new channel costs a session on the host: sshd runs the command through the user's shell,
 * and bash run by sshd reads ~/.bashrc. On the lab's hosts that took ~500 ms a session (a shell
 * set-up that runs a few programs), so a channel per request made an inventory over SSH take 9 s
 * (90 ms over the socket). Kept open, each channel pays it once.
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
  const openChannel = (socket: ChannelSocket, tries = 0) => {
    open += 1;
    connected().then(
      (connection) =>
        connection.exec('docker system dial-stdio', (error, channel) => {
          if (!error) {
            channel.once('close', release);
            socket.attach(channel);
            return;
          }
          release();
          // NOTE: sshd may still hold sessions whose channel we saw close: ask again shortly.
          if (/open failed/i.test(error.message) && tries < CHANNEL_RETRIES) {
            setTimeout(() => openChannel(socket, tries + 1), CHANNEL_RETRY_MS);
          } else socket.fail(error);
        }),
      (error: Error) => {
        release();
        socket.fail(error);
      },
    );
  };

  // NOTE: the agent keeps at most as many channels as may be open; a request beyond them waits
  // for a free one. A channel that closes (the engine restarted, an error) leaves the pool, and
  // a new one is made when needed.
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: SSH_CHANNELS_PER_ENGINE,
    maxFreeSockets: SSH_CHANNELS_PER_ENGINE,
  });
  // NOTE: http.Agent's typing wants a net.Socket back; the HTTP client only uses what a Duplex
  // has, plus what ChannelSocket adds. The socket is returned at once (see ChannelSocket).
  const createConnection = (): Duplex => {
    const socket = new ChannelSocket();
    if (open < SSH_CHANNELS_PER_ENGINE) openChannel(socket);
    else waiting.push(() => openChannel(socket));
    return socket;
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
