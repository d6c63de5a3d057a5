/*
 * bench:audit
 *  1. Syncs 10,000 events through the real CloudTrailLookupSource and AWS SDK client from
 *     a local fake CloudTrail (./fakeCloudTrail.js) that enforces CloudTrail's 2 requests/s
 *     per account and region and answers ThrottlingException beyond it, into PostgreSQL.
 *  2. Serves GET /entities/:ns/:kind/:name/audit for a service with 50,000 stored events over
 *     loopback HTTP through the plugin's real router, service and store (authentication and
 *     permission checks stubbed, as in bench/posture/scorecards.ts).
 * The last line printed is one JSON object with every figure.
 */
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'net';
import path from 'path';
import { performance } from 'perf_hooks';
import { Worker } from 'worker_threads';
import { LoggerService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import {
  AWS_ANNOTATIONS,
  EntityAuditResponse,
} from '@containersec/plugin-container-security-common';
import { DEFAULT_AUDIT_RULE_SETTINGS } from '@containersec/plugin-container-security-node';
import { MIGRATIONS_DIRECTORY } from '../../plugins/container-security-backend/src/migrations/openDatabase';
import { AwsCredentials } from '../../plugins/container-security-backend/src/aws/credentials';
import { AuditIngester } from '../../plugins/container-security-backend/src/audit/AuditIngester';
import { AuditService } from '../../plugins/container-security-backend/src/audit/AuditService';
import { AuditSyncService } from '../../plugins/container-security-backend/src/audit/AuditSyncService';
import {
  CLOUDTRAIL_LOOKUP_DEFAULTS,
  CloudTrailLookupSource,
} from '../../plugins/container-security-backend/src/audit/CloudTrailLookupSource';
import { DatabaseAuditStore } from '../../plugins/container-security-backend/src/audit/DatabaseAuditStore';
import { createAuditRouter } from '../../plugins/container-security-backend/src/audit/router';
import { createErrorHandler } from '../../plugins/container-security-backend/src/http/errorHandler';

const SYNC_EVENTS = Number(process.env.BENCH_SYNC_EVENTS ?? 10_000);
const SERVICE_EVENTS = Number(process.env.BENCH_SERVICE_EVENTS ?? 50_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PG =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const ACCOUNT = '111122223333';

// Quiet: the figures are what this prints.
const logger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return logger;
  },
};

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function startFake(total: number) {
  const worker = new Worker(path.join(__dirname, 'fakeCloudTrail.js'), {
    workerData: { total },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', m => resolve(m.port));
    worker.once('error', reject);
  });
  return {
    port,
    stats: () =>
      new Promise<{
        requests: number;
        throttles: number;
        maxRequestsPerSecond: number;
        maxRequestsInAnySecond: number;
      }>(resolve => {
        worker.once('message', resolve);
        worker.postMessage('stats');
      }),
    close: async () => {
      worker.postMessage('close');
      await new Promise(resolve => worker.once('exit', resolve));
    },
  };
}

async function benchSync(db: Knex, store: DatabaseAuditStore) {
  const fake = await startFake(SYNC_EVENTS);
  try {
    const ingester = new AuditIngester({
      store,
      settings: DEFAULT_AUDIT_RULE_SETTINGS,
    });
    const source = new CloudTrailLookupSource({
      ...CLOUDTRAIL_LOOKUP_DEFAULTS,
      // Far enough back for every fake event.
      lookbackMs: 90 * 24 * 3600_000,
      accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
      logger,
      clientFor: CloudTrailLookupSource.clientFactory(
        AwsCredentials.static({
          accessKeyId: 'AKIDBENCH',
          secretAccessKey: 'bench-only',
        }),
        { endpoint: `http://127.0.0.1:${fake.port}` },
      ),
    });
    const sync = new AuditSyncService({
      sources: [source],
      store,
      ingester,
      logger,
    });
    const started = performance.now();
    await sync.syncAll();
    const seconds = (performance.now() - started) / 1000;
    const [{ count }] = await db('container_security_audit_events').count({
      count: '*',
    });
    const statuses = await store.listStatuses();
    if (Number(count) !== SYNC_EVENTS || statuses[0]?.status !== 'ok') {
      throw new Error(
        `sync stored ${count} of ${SYNC_EVENTS} events: ${JSON.stringify(
          statuses,
        )}`,
      );
    }
    return { seconds, ...(await fake.stats()) };
  } finally {
    await fake.close();
  }
}

async function seedService(store: DatabaseAuditStore) {
  const ingester = new AuditIngester({
    store,
    settings: DEFAULT_AUDIT_RULE_SETTINGS,
  });
  const start = Date.parse('2026-09-01T00:00:00Z');
  const BATCH = 1000;
  for (let b = 0; b < SERVICE_EVENTS; b += BATCH) {
    await ingester.ingest(
      Array.from({ length: Math.min(BATCH, SERVICE_EVENTS - b) }, (_, k) => {
        const i = b + k;
        return {
          eventID: `svc-${String(i).padStart(6, '0')}`,
          eventTime: new Date(start + i * 60_000).toISOString(),
          eventName: i % 50 === 0 ? 'CreateAccessKey' : 'PutObject',
          eventSource: i % 50 === 0 ? 'iam.amazonaws.com' : 's3.amazonaws.com',
          awsRegion: 'eu-west-1',
          recipientAccountId: ACCOUNT,
          sourceIPAddress: `10.0.${i % 250}.7`,
          userAgent: 'aws-sdk-go-v2/1.30.0',
          errorCode: i % 33 === 0 ? 'AccessDenied' : undefined,
          userIdentity: {
            type: 'AssumedRole',
            arn: `arn:aws:sts::${ACCOUNT}:assumed-role/payments-api/pod-${
              i % 7
            }`,
            accountId: ACCOUNT,
            sessionContext: {
              sessionIssuer: {
                type: 'Role',
                arn: `arn:aws:iam::${ACCOUNT}:role/irsa/payments-api`,
              },
            },
          },
          requestParameters: { bucketName: 'payments-receipts' },
        };
      }),
      'bench',
    );
  }
}

async function benchAuditApi(store: DatabaseAuditStore) {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      annotations: {
        [AWS_ANNOTATIONS.iamRoles]: `arn:aws:iam::${ACCOUNT}:role/irsa/payments-api`,
        [AWS_ANNOTATIONS.arns]: 'arn:aws:s3:::payments-receipts',
      },
    },
  };
  const router = await createAuditRouter({
    httpAuth: { credentials: async () => ({}) } as any,
    permissions: {
      authorize: async (reqs: unknown[]) =>
        reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as any,
    entityWorkloads: {
      resolveEntity: async () => ({
        entity,
        entityRef: 'component:default/payments-api',
        selector: undefined,
      }),
    } as any,
    audit: new AuditService({ store, catalog: {} as any }),
  });
  router.use(createErrorHandler(logger));
  const app = express().use('/api/container-security', router);
  const server = await new Promise<import('http').Server>(resolve => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api/container-security/entities/default/component/payments-api/audit`;
    const first = (await (
      await fetch(`${base}?limit=50`)
    ).json()) as EntityAuditResponse;
    if (first.items.length !== 50 || !first.nextCursor) {
      throw new Error(
        `unexpected first page: ${JSON.stringify(first).slice(0, 300)}`,
      );
    }
    // A mix of what the UI asks: first pages, later pages, filters.
    const queries = [
      '?limit=50',
      `?limit=50&cursor=${first.nextCursor}`,
      '?limit=50&riskyOnly=true',
      '?limit=50&errorsOnly=true',
      '?limit=50&eventName=PutObject&from=2026-09-10T00:00:00Z&to=2026-09-20T00:00:00Z',
    ];
    for (const q of queries) await (await fetch(`${base}${q}`)).arrayBuffer();
    const samples: number[] = [];
    const byQuery = queries.map(() => [] as number[]);
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const res = await fetch(`${base}${queries[i % queries.length]}`);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      await res.arrayBuffer();
      const ms = performance.now() - t;
      samples.push(ms);
      byQuery[i % queries.length].push(ms);
    }
    return {
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      p95ByQuery: Object.fromEntries(
        queries.map((q, k) => [
          q.replace(/cursor=[^&]+/, 'cursor=…'),
          round(percentile(byQuery[k], 95)),
        ]),
      ),
    };
  } finally {
    server.close();
  }
}

async function main() {
  const dbName = `cs_bench_audit_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  await admin.raw(`CREATE DATABASE ${dbName}`);
  let db: Knex | undefined;
  try {
    db = knexFactory({ client: 'pg', connection: `${PG}/${dbName}` });
    await db.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    const store = DatabaseAuditStore.create(db);

    console.log(`syncing ${SYNC_EVENTS} events from the fake CloudTrail …`);
    const sync = await benchSync(db, store);
    console.log(
      `sync: ${round(sync.seconds, 1)} s, ${
        sync.requests
      } requests, max ${round(sync.maxRequestsPerSecond, 3)} req/s, ${
        sync.throttles
      } throttled`,
    );

    console.log(`storing ${SERVICE_EVENTS} events of payments-api …`);
    const seedStarted = performance.now();
    await seedService(store);
    await db.raw('ANALYZE');
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const api = await benchAuditApi(store);
    console.log(
      `audit API: p50 ${round(api.p50)} ms, p95 ${round(api.p95)} ms`,
    );
    for (const [q, p95] of Object.entries(api.p95ByQuery)) {
      console.log(`  p95 ${p95} ms  ${q}`);
    }

    console.log(
      JSON.stringify({
        sync10kSeconds: round(sync.seconds, 1),
        maxRequestsPerSecond: round(sync.maxRequestsPerSecond, 3),
        throttles: sync.throttles,
        auditP95Ms: round(api.p95),
        auditP50Ms: round(api.p50),
        syncEvents: SYNC_EVENTS,
        syncRequests: sync.requests,
        maxRequestsInAnySecond: sync.maxRequestsInAnySecond,
        serviceEvents: SERVICE_EVENTS,
        seedSeconds: round(seedSeconds, 1),
        apiRequests: REQUESTS,
      }),
    );
  } finally {
    await db?.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.destroy();
  }
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
