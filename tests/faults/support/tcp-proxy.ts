import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** What the proxy does to a broker's connections: pass them, delay every chunk, or swallow everything (a black hole). */
export type ProxyMode = { readonly kind: 'pass' } | { readonly kind: 'delay'; readonly ms: number } | { readonly kind: 'blackhole' };

/**
 * A TCP proxy in front of one broker (the broker advertises the proxy's port, so clients and the
 * other brokers all go through it): the fault suite's stand-in for `tc netem`, which this kernel
 * lacks. `cut()` resets every open connection; modes delay or black-hole traffic both ways.
 */
export class TcpProxy {
  mode: ProxyMode = { kind: 'pass' };
  private server: Server | undefined;
  private readonly open = new Set<Socket>();

  constructor(
    readonly listenPort: number,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
  }

  /** Resets every connection open now (clients reconnect through the proxy). */
  cut(): void {
    for (const socket of this.open) socket.resetAndDestroy();
    this.open.clear();
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    this.open.add(client);
    this.open.add(upstream);
    const close = (): void => {
      this.open.delete(client);
      this.open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    this.pipe(client, upstream);
    this.pipe(upstream, client);
  }

  private pipe(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      const mode = this.mode;
      if (mode.kind === 'blackhole') return;
      if (mode.kind === 'delay') {
        from.pause();
        setTimeout(() => {
          if (!to.destroyed) to.write(chunk);
          from.resume();
        }, mode.ms);
        return;
      }
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
  }
}
