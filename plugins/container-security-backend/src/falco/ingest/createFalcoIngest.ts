import {
  HttpAuthService,
  HttpRouterService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { Knex } from 'knex';
import { createErrorHandler } from '../../http/errorHandler';
import { DatabaseFalcoAlertStore } from '../DatabaseFalcoAlertStore';
import { FalcoAlertStore } from '../FalcoAlertStore';
import { NatsFalcoConsumer, readFalcoNatsConfig } from '../nats';
import { readFalcoRetentionConfig, scheduleFalcoRetention } from '../retention';
import { readFalcoIngestConfig } from './config';
import { FalcoIngestService } from './FalcoIngestService';
import { FalcoSpool } from './FalcoSpool';
import { createFalcoIngestRouter } from './router';
import { FalcoIngestListener, startFalcoIngestListener } from './listener';

/** Size of a preallocated write-ahead spool file: a few seconds of a busy fleet's events. */
const WRITE_AHEAD_FILE_BYTES = 8 * 1024 * 1024;

/** What the plugin wires: the store, the ingest (with its `onAlertsStored` hook) and the webhook router. */
export interface FalcoIngest {
  store: FalcoAlertStore;
  ingest: FalcoIngestService;
  /** Mount with `httpRouter.use` BEFORE any router that parses JSON bodies. */
  router: express.Router;
}

/**
 * Builds the Falco ingest from configuration: store, spool, micro-batching writer,
 * webhook routes (with their auth policy), the optional NATS consumer and the
 * retention task. Starts the spool drainer and the consumer; stops them on shutdown.
 */
export async function createFalcoIngest(deps: {
  config: RootConfigService;
  logger: LoggerService;
  db: Knex;
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
}): Promise<FalcoIngest> {
  const logger = deps.logger.child({ component: 'falco-ingest' });
  const config = readFalcoIngestConfig(deps.config, process.cwd());
  const store = DatabaseFalcoAlertStore.create(deps.db);
  const ingest = new FalcoIngestService({
    store,
    logger,
    spool: new FalcoSpool(config.spoolDirectory, logger, {
      // Write-ahead: every event is synced to the spool before its answer.
      preallocateBytes:
        config.acknowledgeAfter === 'spool' ? WRITE_AHEAD_FILE_BYTES : 0,
    }),
    batchMaxEvents: config.batchMaxEvents,
    dbWriteTimeoutMs: config.dbWriteTimeoutMs,
    acknowledgeAfter: config.acknowledgeAfter,
    drainIntervalMs: config.drainIntervalMs,
  });
  ingest.start();

  // The routes verify the source secret (constant-time) or a Backstage service token
  // themselves; the policy only lets secret-authenticated senders past the default barrier.
  deps.httpRouter.addAuthPolicy({
    path: '/falco/events',
    allow: 'unauthenticated',
  });
  const router = createFalcoIngestRouter({
    ingest,
    config,
    httpAuth: deps.httpAuth,
    logger,
  });
  router.use(createErrorHandler(logger));

  let listener: FalcoIngestListener | undefined;
  if (config.listener) {
    listener = await startFalcoIngestListener({
      ...config.listener,
      ingest,
      config,
      httpAuth: deps.httpAuth,
      logger,
    });
  }

  const natsConfig = readFalcoNatsConfig(deps.config);
  let consumer: NatsFalcoConsumer | undefined;
  if (natsConfig) {
    consumer = new NatsFalcoConsumer({
      config: natsConfig,
      ingestConfig: config,
      ingest,
      logger,
    });
    // A broker that is down at startup must not stop the portal; retry in the background.
    const startConsumer = (): void => {
      consumer!.start().catch(error => {
        logger.warn('Falco NATS consumer could not start; retrying in 10s', {
          error: String(error),
        });
        setTimeout(startConsumer, 10_000).unref();
      });
    };
    startConsumer();
  }

  await scheduleFalcoRetention({
    scheduler: deps.scheduler,
    store,
    config: readFalcoRetentionConfig(deps.config),
    logger,
  });

  deps.lifecycle.addShutdownHook(async () => {
    await listener?.close();
    await consumer?.stop();
    await ingest.stop();
  });

  return { store, ingest, router };
}
