import { mockServices } from '@backstage/backend-test-utils';
import {
  AWS_ANNOTATIONS,
  getEntityAwsResources,
} from '@containersec/plugin-container-security-common';
import {
  DEFAULT_AUDIT_RULE_SETTINGS,
  entityResourceKeys,
} from '@containersec/plugin-container-security-node';
import path from 'path';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { AuditIngester } from './AuditIngester';
import { AuditSyncService } from './AuditSyncService';
import { CloudTrailLogFileSource } from './CloudTrailLogFileSource';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { FolderLogFileStore } from './logFileStores';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const EXAMPLES = path.resolve(__dirname, '../../../../examples/cloudtrail');

// The annotations of payments-api in examples/catalog/components.yaml.
const paymentsApi = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: {
      [AWS_ANNOTATIONS.accountId]: '111122223333',
      [AWS_ANNOTATIONS.iamRoles]:
        'arn:aws:iam::111122223333:role/irsa/payments-api',
      [AWS_ANNOTATIONS.ecrRepositories]: 'payments/api',
    },
  },
};

describe.each(databases.eachSupportedId())(
  'the demo log files (examples/cloudtrail) on %p',
  id => {
    it('ingest all 40 records and give payments-api its events and its critical risky event', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      const store = DatabaseAuditStore.create(knex);
      const logger = mockServices.logger.mock();
      const sync = new AuditSyncService({
        sources: [
          new CloudTrailLogFileSource({
            name: 'demo',
            store: new FolderLogFileStore(EXAMPLES),
            logger,
          }),
        ],
        store,
        ingester: new AuditIngester({
          store,
          settings: DEFAULT_AUDIT_RULE_SETTINGS,
        }),
        logger,
      });
      await sync.syncAll();
      const all = await store.queryEvents({ limit: 100 });
      expect(all.items).toHaveLength(40);
      expect(await store.listStatuses()).toEqual([
        expect.objectContaining({
          source: 'cloudtrail-logs:demo',
          accountId: '111122223333',
          region: 'eu-west-1',
          status: 'ok',
        }),
      ]);

      const service = await store.queryEvents({
        resourceKeys: entityResourceKeys(getEntityAwsResources(paymentsApi)),
        limit: 100,
      });
      expect(service.items.map(e => e.eventName).sort()).toEqual([
        'AttachRolePolicy',
        'GetCallerIdentity',
        'LeaveOrganization',
      ]);
      const grant = service.items.find(e => e.eventName === 'AttachRolePolicy');
      expect(grant?.risks.map(r => [r.ruleId, r.severity])).toEqual([
        ['admin-policy-granted', 'critical'],
      ]);
      const risky = await store.queryEvents({ riskyOnly: true, limit: 100 });
      expect(risky.items.length).toBeGreaterThanOrEqual(10);
    });
  },
);
