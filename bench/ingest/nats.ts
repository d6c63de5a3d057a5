import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';

/** The bench's own stream on the shared NATS server, created up front like an operator would. */
export class BenchNats {
  private nc?: NatsConnection;

  constructor(readonly stream: string, readonly prefix: string) {}

  async createStream() {
    this.nc = await connect({ servers: '127.0.0.1:4222' });
    const jsm = await jetstreamManager(this.nc);
    await jsm.streams.add({
      name: this.stream,
      subjects: [`${this.prefix}.>`],
    });
  }

  /** Publishes like Falcosidekick's NATS output, keeping up to `window` publish acks outstanding. */
  async publish(
    events: Array<{ subject: string; body: string }>,
    window = 2000,
  ) {
    const js = jetstream(this.nc!);
    const pending = new Set<Promise<unknown>>();
    for (const e of events) {
      const p = js.publish(`${this.prefix}.${e.subject}`, e.body);
      pending.add(p);
      p.finally(() => pending.delete(p));
      if (pending.size >= window) await Promise.race(pending);
    }
    await Promise.all(pending);
  }

  async destroy() {
    if (!this.nc) return;
    const jsm = await jetstreamManager(this.nc);
    await jsm.streams.delete(this.stream).catch(() => undefined);
    await this.nc.drain();
  }
}
