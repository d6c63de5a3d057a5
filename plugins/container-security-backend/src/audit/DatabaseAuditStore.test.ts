import { DEFAULT_AUDIT_RULE_SETTINGS } from '@containersec/plugin-container-security-node';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { AuditIngester } from './AuditIngester';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { roleCall } from './__testUtils__/records';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const PAYMENTS_KEYS = ['iam-role:111122223333:payments-api'];

describe.each(databases.eachSupportedId())('DatabaseAuditStore on %p', id => {
  let knex: Knex;
  let store: DatabaseAuditStore;
  let ingester: AuditIngester;

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    store = DatabaseAuditStore.create(knex);
    ingester = new AuditIngester({
      store,
      settings: {
        ...DEFAULT_AUDIT_RULE_SETTINGS,
        accessDeniedBurst: { threshold: 3, windowMinutes: 5 },
      },
    });
  });

  it('stores each event once, however often it is read', async () => {
    const records = Array.from({ length: 120 }, (_, i) => roleCall(i));
    expect(await ingester.ingest(records, 'test')).toBe(120);
    expect(await ingester.ingest(records.slice(100), 'test')).toBe(0);
    const [{ count }] = await knex('container_security_audit_events').count({
      count: '*',
    });
    expect(Number(count)).toBe(120);
  });

  it('pages newest first by keyset and matches services by resource key', async () => {
    await ingester.ingest(
      [
        ...Array.from({ length: 25 }, (_, i) => roleCall(i)),
        // Same second as evt-000024: the event id breaks the tie.
        roleCall(24, { eventID: 'evt-000024b' }),
        roleCall(30, {
          eventID: 'other-role',
          userIdentity: {
            type: 'IAMUser',
            arn: 'arn:aws:iam::111122223333:user/ops',
          },
          requestParameters: { bucketName: 'other-bucket' },
        }),
      ],
      'test',
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.queryEvents({
        resourceKeys: PAYMENTS_KEYS,
        limit: 10,
        cursor,
      });
      seen.push(...page.items.map(e => e.eventId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(26);
    expect(seen.slice(0, 3)).toEqual([
      'evt-000024b',
      'evt-000024',
      'evt-000023',
    ]);
    expect(new Set(seen).size).toBe(26);
    expect(seen).not.toContain('other-role');

    const byBucket = await store.queryEvents({
      resourceKeys: ['s3:other-bucket'],
      limit: 10,
    });
    expect(byBucket.items.map(e => e.eventId)).toEqual(['other-role']);
    expect(
      (await store.queryEvents({ resourceKeys: [], limit: 10 })).items,
    ).toEqual([]);
  });

  it('filters by time, name, source, principal, errors and risk', async () => {
    await ingester.ingest(
      [
        roleCall(1),
        roleCall(2, { eventName: 'PutObject' }),
        roleCall(3, { errorCode: 'AccessDenied', eventName: 'DeleteObject' }),
        roleCall(4, {
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateAccessKey',
          requestParameters: { userName: 'ci', roleName: 'payments-api' },
        }),
      ],
      'test',
    );
    const ids = async (filter: object) =>
      (
        await store.queryEvents({
          resourceKeys: PAYMENTS_KEYS,
          limit: 50,
          ...filter,
        })
      ).items.map(e => e.eventId);
    expect(await ids({ eventName: 'PutObject' })).toEqual(['evt-000002']);
    expect(await ids({ eventSource: 'iam.amazonaws.com' })).toEqual([
      'evt-000004',
    ]);
    expect(await ids({ errorsOnly: true })).toEqual(['evt-000003']);
    expect(await ids({ riskyOnly: true })).toEqual(['evt-000004']);
    expect(await ids({ principal: 'PAYMENTS-API/botocore' })).toHaveLength(4);
    expect(await ids({ principal: '%' })).toEqual([]);
    expect(
      await ids({
        from: new Date('2026-11-20T00:00:02Z'),
        to: new Date('2026-11-20T00:00:04Z'),
      }),
    ).toEqual(['evt-000003', 'evt-000002']);
  });

  it('flags AccessDenied bursts that span two ingests, including stored events', async () => {
    const denied = (i: number) =>
      roleCall(i, { errorCode: 'AccessDenied', eventName: 'GetSecretValue' });
    await ingester.ingest([denied(1), denied(2)], 'test');
    expect(
      (await store.queryEvents({ riskyOnly: true, limit: 10 })).items,
    ).toEqual([]);
    await ingester.ingest([denied(3)], 'test');
    const risky = await store.queryEvents({ riskyOnly: true, limit: 10 });
    expect(risky.items.map(e => [e.eventId, e.risks[0].ruleId])).toEqual([
      ['evt-000003', 'access-denied-burst'],
    ]);
    // A late-delivered earlier failure makes the stored third one... still the only third.
    await ingester.ingest([denied(0)], 'test');
    const after = await store.queryEvents({ riskyOnly: true, limit: 10 });
    expect(after.items.map(e => e.eventId)).toEqual([
      'evt-000003',
      'evt-000002',
    ]);
    expect(after.items[1].risks).toHaveLength(1);
  });

  it('keeps checkpoints and statuses per source, account and region', async () => {
    expect(await store.getCheckpoint('api', '111122223333', 'eu-west-1')).toBe(
      undefined,
    );
    await store.setStatus(
      {
        source: 'api',
        accountId: '111122223333',
        region: 'us-east-1',
        status: 'access-denied',
        message: 'denied',
      },
      new Date('2026-11-22T08:00:00Z'),
    );
    await store.setCheckpoint(
      'api',
      '111122223333',
      'eu-west-1',
      '2026-11-22T08:00:00.000Z',
      new Date('2026-11-22T08:00:00Z'),
    );
    await store.setStatus(
      {
        source: 'api',
        accountId: '111122223333',
        region: 'eu-west-1',
        status: 'ok',
      },
      new Date('2026-11-22T08:00:01Z'),
    );
    expect(await store.getCheckpoint('api', '111122223333', 'eu-west-1')).toBe(
      '2026-11-22T08:00:00.000Z',
    );
    expect(await store.listStatuses()).toEqual([
      {
        source: 'api',
        accountId: '111122223333',
        region: 'eu-west-1',
        status: 'ok',
        syncedUntil: '2026-11-22T08:00:00.000Z',
        lastRunAt: '2026-11-22T08:00:01.000Z',
      },
      {
        source: 'api',
        accountId: '111122223333',
        region: 'us-east-1',
        status: 'access-denied',
        message: 'denied',
        lastRunAt: '2026-11-22T08:00:00.000Z',
      },
    ]);
  });

  it('rejects a forged cursor', async () => {
    await expect(
      store.queryEvents({ limit: 10, cursor: 'bm90LWEtY3Vyc29y' }),
    ).rejects.toThrow('Invalid cursor');
  });
});
