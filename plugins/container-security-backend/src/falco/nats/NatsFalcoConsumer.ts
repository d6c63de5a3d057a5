import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  JsMsg,
  StorageType,
} from '@nats-io/jetstream';
import {
  connect,
  credsAuthenticator,
  NatsConnection,
} from '@nats-io/transport-node';
import fs from 'node:fs';
import { FalcoIngestConfig } from '../ingest/config';
import { FalcoIngestService } from '../ingest/FalcoIngestService';
import { parseFalcoEventText } from '../ingest/parseEvent';
import { FalcoNatsConfig } from './config';

const decoder = new TextDecoder();

/**
 * Reads Falco events that Falcosidekick's NATS output published (subjects
 * `falco.<priority>.<rule>`) from a JetStream stream through a durable pull consumer
 * shared by every backend replica. A message is acknowledged only after its alert is
 * committed to the database (never to the local spool: the broker is the buffer), so
 * delivery is at least once; the database's de-duplication on the alert id makes the
 * effect exactly once. Invalid events are terminated (never redelivered) and logged
 * without their content.
 */
export class NatsFalcoConsumer {
  private connection?: NatsConnection;
  private messages?: ConsumerMessages;
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    private readonly options: {
      config: FalcoNatsConfig;
      ingestConfig: FalcoIngestConfig;
      ingest: FalcoIngestService;
      logger: LoggerService;
    },
  ) {}

  /** Connects, ensures the stream and the consumer exist, and starts consuming. */
  async start(): Promise<void> {
    const { config, logger } = this.options;
    this.connection = await connect({
      servers: config.servers,
      name: 'backstage-container-security',
      maxReconnectAttempts: -1,
      ...(config.credsFile
        ? {
            authenticator: credsAuthenticator(
              new Uint8Array(fs.readFileSync(config.credsFile)),
            ),
          }
        : {}),
      ...(config.user ? { user: config.user, pass: config.password } : {}),
      ...(config.token ? { token: config.token } : {}),
    });
    const jsm = await jetstreamManager(this.connection);
    try {
      await jsm.streams.info(config.stream);
    } catch (error) {
      if (!this.isNotFound(error) || !config.createStream) throw error;
      await jsm.streams.add({
        name: config.stream,
        subjects: config.subjects,
        storage: StorageType.File,
      });
      logger.info('Created the Falco JetStream stream', {
        stream: config.stream,
      });
    }
    try {
      await jsm.consumers.info(config.stream, config.consumer);
    } catch (error) {
      if (!this.isNotFound(error)) throw error;
      await jsm.consumers.add(config.stream, {
        durable_name: config.consumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        max_ack_pending: config.maxAckPending,
        ack_wait: config.ackWaitSeconds * 1_000_000_000,
      });
    }
    this.running = this.loop();
  }

  private isNotFound(error: unknown): boolean {
    return (
      error instanceof JetStreamApiError &&
      (error.code === JetStreamApiCodes.StreamNotFound ||
        error.code === JetStreamApiCodes.ConsumerNotFound)
    );
  }

  private async loop() {
    const { config, logger } = this.options;
    const js = jetstream(this.connection!);
    while (!this.stopped) {
      try {
        const consumer = await js.consumers.get(config.stream, config.consumer);
        this.messages = await consumer.consume({ max_messages: 1000 });
        for await (const m of this.messages) {
          this.handle(m);
        }
      } catch (error) {
        if (this.stopped) break;
        logger.warn('Falco NATS consumer interrupted; retrying', {
          error: String(error),
        });
        await new Promise(r => setTimeout(r, 2000));
      }
    }
  }

  private handle(m: JsMsg) {
    const { config, ingestConfig, ingest, logger } = this.options;
    const result = parseFalcoEventText(decoder.decode(m.data), {
      receivedAt: Date.now(),
      ingestSource: `nats:${config.stream}`,
      sourceCluster: config.cluster,
      clusterFields: ingestConfig.clusterFields,
      hostnameClusters: ingestConfig.hostnameClusters,
      maxEventBytes: ingestConfig.maxEventBytes,
    });
    if (!result.ok) {
      logger.warn('Dropping an invalid Falco event from NATS', {
        subject: m.subject,
        sequence: m.seq,
        error: result.error,
      });
      m.term();
      return;
    }
    // Not awaited: concurrent messages share group-committed writes; the consumer's
    // max_ack_pending bounds how many wait at once.
    ingest.submit([result.alert], { allowSpool: false }).then(
      () => m.ack(),
      () => m.nak(5000),
    );
  }

  /** Stops consuming and closes the connection (unacknowledged messages are redelivered). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.running;
    await this.connection?.drain().catch(() => undefined);
  }
}
