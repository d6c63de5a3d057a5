/*
 * Serves GET /api/container-security/scorecards over loopback HTTP from 5,000 stored
 * entity snapshots in PostgreSQL, through the plugin's real router, store and service.
 * Authentication and permission checks are stubbed here (in a deployment the permission
 * check is one more call to the permission backend).
 */
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'net';
import { performance } from 'perf_hooks';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createScorecardsRouter } from '../../plugins/container-security-backend/src/scorecards/router';
import { DatabasePostureStore } from '../../plugins/container-security-backend/src/posture/DatabasePostureStore';
import { MIGRATIONS_DIRECTORY } from '../../plugins/container-security-backend/src/migrations/openDatabase';
import { ScorecardService } from '../../plugins/container-security-backend/src/scorecards/ScorecardService';
import { DEFAULT_LEVELS } from '../../plugins/container-security-backend/src/scorecards/config';
import {
  CHECK_DEFINITIONS,
  gradeOf,
} from '@containersec/plugin-container-security-common';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 5000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PG =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

export async function benchScorecards(): Promise<{
  p50: number;
  p95: number;
  services: number;
}> {
  const dbName = `cs_bench_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  await admin.raw(`CREATE DATABASE ${dbName}`);
  let db: Knex | undefined;
  let server: import('http').Server | undefined;
  try {
    db = knexFactory({ client: 'pg', connection: `${PG}/${dbName}` });
    await db.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    const store = DatabasePostureStore.create(db);
    const ids = CHECK_DEFINITIONS.map(d => d.id);
    const takenAt = new Date().toISOString();
    await store.addSnapshots(
      Array.from({ length: SERVICES }, (_, i) => {
        const score = (i * 37) % 101;
        return {
          entityRef: `component:default/service-${i}`,
          kind: 'Component',
          title: `Service ${i}`,
          owner: `group:default/team-${i % 60}`,
          system: `system:default/system-${i % 200}`,
          domain: `domain:default/domain-${i % 12}`,
          lifecycle: i % 3 ? 'production' : 'experimental',
          takenAt,
          score,
          grade: gradeOf(score),
          counts: {
            critical: i % 5 === 0 ? 1 : 0,
            high: i % 4,
            medium: i % 9,
            low: i % 7,
            info: 0,
          },
          workloadCount: 1 + (i % 4),
          failingChecks: ids.filter((_, k) => (i + k) % 6 === 0),
        };
      }),
    );
    const scorecards = new ScorecardService({
      store,
      config: {
        levels: DEFAULT_LEVELS,
        campaigns: [],
        impactByLifecycle: { production: 'high' },
      },
    });
    const router = createScorecardsRouter({
      httpAuth: { credentials: async () => ({}) } as any,
      permissions: {
        authorize: async (reqs: unknown[]) =>
          reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
      } as any,
      entityWorkloads: {} as any,
      scorecards,
    });
    const app = express().use('/api/container-security', router);
    server = await new Promise(resolve => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const { port } = server!.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/container-security/scorecards`;
    const first = await (await fetch(url)).json();
    if (first.entries.length !== SERVICES) {
      throw new Error(
        `expected ${SERVICES} entries, got ${first.entries.length}`,
      );
    }
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      samples.push(performance.now() - t);
    }
    return {
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      services: SERVICES,
    };
  } finally {
    server?.close();
    await db?.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.destroy();
  }
}
