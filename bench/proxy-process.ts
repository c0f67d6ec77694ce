/**
 * The counting proxies in front of the lab's engine sockets, in a process of their own: what the
 * server reads passes through them, and in the benchmark's own process it would wait whenever that
 * process is busy (driving Chromium, applying its Node client's patches). Started by
 * `startServerUnderTest` with the engines as a JSON argument; says `{ ready }` with each proxy's
 * socket path, answers `'requests'` with what each engine was asked, and closes when its parent
 * goes.
 */
import { startCountingProxy } from '../test/support/counting-proxy';

interface Target {
  name: string;
  socketPath: string;
}

async function main() {
  const send = process.send?.bind(process);
  if (!send) throw new Error('bench/proxy-process.ts runs as a child of startServerUnderTest');
  const targets = JSON.parse(process.argv[2] ?? '[]') as Target[];
  const proxies = await Promise.all(
    targets.map(async ({ name, socketPath }) => ({
      name,
      proxy: await startCountingProxy(socketPath),
    })),
  );
  process.on('message', (message) => {
    if (message !== 'requests') return;
    send({
      requests: proxies.map(({ name, proxy }) => ({ engine: name, requests: proxy.requests })),
    });
  });
  process.on('disconnect', () => {
    void Promise.all(proxies.map(({ proxy }) => proxy.close())).finally(() => process.exit(0));
  });
  send({ ready: proxies.map(({ name, proxy }) => ({ name, socketPath: proxy.socketPath })) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
