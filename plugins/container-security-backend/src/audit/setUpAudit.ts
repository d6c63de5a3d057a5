import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { readAuditRuleSettings } from '@containersec/plugin-container-security-node';
import express from 'express';
import { Knex } from 'knex';
import { AwsCredentials } from '../aws/credentials';
import { AddedExtensions } from '../registerExtensionPoints';
import { WorkloadsFeature } from '../workloads';
import { AuditIngester, StoredRiskyAuditEvent } from './AuditIngester';
import { AuditService } from './AuditService';
import { AuditSyncService } from './AuditSyncService';
import { builtInAuditSources } from './builtInAuditSources';
import { readAuditConfig } from './config';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { createAuditRouter } from './router';

/** Wires the audit area: store, sources on the global schedule, and its router. */
export async function setUpAudit(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  workloads: WorkloadsFeature;
  db: Knex;
  added: Pick<AddedExtensions, 'auditSources' | 'auditRules'>;
  /** Newly stored risky events, for responders. */
  onRiskyEventsStored?: (events: StoredRiskyAuditEvent[]) => void;
}): Promise<express.Router> {
  const config = readAuditConfig(deps.config);
  const store = DatabaseAuditStore.create(deps.db);
  const ingester = new AuditIngester({
    store,
    settings: readAuditRuleSettings(
      deps.config,
      deps.added.auditRules.map(r => r.id),
    ),
    extraRules: deps.added.auditRules,
    onRiskyEventsStored: deps.onRiskyEventsStored,
  });
  const sync = new AuditSyncService({
    sources: [
      ...builtInAuditSources(config, {
        credentials: AwsCredentials.fromConfig(deps.config),
        logger: deps.logger,
        cwd: process.cwd(),
      }),
      ...deps.added.auditSources,
    ],
    store,
    ingester,
    logger: deps.logger,
    scheduler: deps.scheduler,
  });
  await sync.start(config.schedule);
  return createAuditRouter({
    httpAuth: deps.httpAuth,
    permissions: deps.permissions,
    entityWorkloads: deps.workloads.entityWorkloads,
    audit: new AuditService({ store, catalog: deps.catalog }),
  });
}
