import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { createTestDatabases } from '../../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../../migrations/openDatabase';
import { DatabaseFalcoAlertStore } from '../DatabaseFalcoAlertStore';
import { captureLogger } from '../__testUtils__/captureLogger';
import { readFalcoFixtureLines } from '../__testUtils__/falcoFixtures';
import { FalcoIngestService } from '../ingest/FalcoIngestService';
import { NatsFalcoConsumer } from './NatsFalcoConsumer';

jest.setTimeout(60_000);

// The real NATS server with JetStream of the dev and CI machines.
const NATS_URL = process.env.CONTAINER_SECURITY_TEST_NATS ?? '127.0.0.1:4222';

const databases = createTestDatabases();

async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

describe.each(databases.eachSupportedId())('NatsFalcoConsumer on %p', id => {
  let knex: Knex;
  let store: DatabaseFalcoAlertStore;
  let nc: NatsConnection;
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const stream = `FALCO_TEST_${suffix}`;
  const prefix = `falcotest${suffix}`;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
  });

  afterAll(async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.drain();
  });

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    store = DatabaseFalcoAlertStore.create(knex);
  });

  it('stores what Falcosidekick publishes, once, acknowledging after commit', async () => {
    const logger = captureLogger();
    const ingest = new FalcoIngestService({ store, logger });
    const consumer = new NatsFalcoConsumer({
      config: {
        servers: [NATS_URL],
        stream,
        subjects: [`${prefix}.>`],
        consumer: `backstage-${id.toLowerCase().replace(/_/g, '-')}`,
        createStream: true,
        cluster: 'eks-nats',
        maxAckPending: 1000,
        ackWaitSeconds: 30,
      },
      ingestConfig: {
        sources: [],
        maxRequestBytes: 1 << 20,
        maxEventBytes: 64 * 1024,
        maxEventsPerRequest: 10_000,
        spoolDirectory: '/nonexistent',
        batchMaxEvents: 500,
        dbWriteTimeoutMs: 2000,
        acknowledgeAfter: 'database',
        drainIntervalMs: 1000,
        clusterFields: ['cluster'],
        hostnameClusters: [],
        allowedServicePrincipals: [],
      },
      ingest,
      logger,
    });
    await consumer.start();
    const js = jetstream(nc);
    const lines = readFalcoFixtureLines();
    const uuids: string[] = [];
    for (const line of lines) {
      // Falcosidekick adds a uuid and publishes on falco.<priority>.<rule>.
      const uuid = randomUUID();
      uuids.push(uuid);
      const event = `${line.slice(0, -1)},"uuid":"${uuid}"}`;
      const { priority, rule } = JSON.parse(line);
      await js.publish(
        `${prefix}.${priority.toLowerCase()}.${rule.replace(
          /[^A-Za-z0-9]/g,
          '_',
        )}`,
        event,
      );
    }
    // A redelivery (same uuid) and an invalid event.
    await js.publish(
      `${prefix}.critical.dup`,
      `${lines[0].slice(0, -1)},"uuid":"${uuids[0]}"}`,
    );
    await js.publish(`${prefix}.notice.bad`, '{"rule":"no time"}');

    await eventually(async () => (await store.countAlerts()) === 24);
    const jsm = await jetstreamManager(nc);
    const consumerName = `backstage-${id.toLowerCase().replace(/_/g, '-')}`;
    await eventually(async () => {
      const info = await jsm.consumers.info(stream, consumerName);
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
    expect(await store.countAlerts()).toBe(24);
    const alert = await store.getAlert(uuids[0]);
    expect(alert).toMatchObject({
      cluster: 'eks-nats',
      ingestSource: `nats:${stream}`,
      timeEpochNs: '1685022245478445995',
    });
    expect(alert!.outputFields['evt.time']).toBe('1685022245478445995');
    expect(
      logger.lines.some(l => l.includes('Dropping an invalid Falco event')),
    ).toBe(true);
    await consumer.stop();
    await ingest.stop();
  });
});
