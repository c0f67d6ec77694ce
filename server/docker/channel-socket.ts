import { Duplex } from 'node:stream';

/**
 * A socket for http.Agent that stands for an SSH channel still being opened: the agent gets it at
 * once, so it counts it against its bounds at once (it counts a socket made through a callback
 * only once the callback runs, and with channels that take a session's start-up to open, a burst
 * of requests asked for far more channels than the bound). Writes wait until the channel is
 * there; then bytes flow both ways, and closing either side closes the other.
 *
 * It also answers what the agent's keep-alive asks of a net.Socket (TCP keep-alive, Nagle, an
 * idle timer, ref/unref): none of it applies to a channel, whose SSH connection is the one TCP
 * socket, so those do nothing.
 */
export class ChannelSocket extends Duplex {
  private channel: Duplex | null = null;
  private queued: { chunk: Buffer; callback: (error?: Error | null) => void }[] = [];
  private ending: ((error?: Error | null) => void) | null = null;

  /** Connects the opened channel; a socket already closed closes it at once. */
  attach(channel: Duplex): void {
    if (this.destroyed) {
      channel.destroy();
      return;
    }
    this.channel = channel;
    channel.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) channel.pause();
    });
    channel.once('end', () => this.push(null));
    channel.once('error', (error: Error) => this.destroy(error));
    channel.once('close', () => this.destroy());
    for (const { chunk, callback } of this.queued.splice(0)) channel.write(chunk, callback);
    if (this.ending) channel.end(this.ending);
  }

  /** The channel could not be opened: the request on this socket fails with why. */
  fail(error: Error): void {
    this.destroy(error);
  }

  override _read(): void {
    this.channel?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    if (this.channel) this.channel.write(chunk, callback);
    else this.queued.push({ chunk, callback });
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.channel) this.channel.end(callback);
    else this.ending = callback;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.channel?.destroy();
    callback(error);
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setTimeout(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}
