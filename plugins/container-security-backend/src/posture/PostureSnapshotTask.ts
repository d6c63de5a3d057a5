import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { listAnnotatedEntities, systemDomains } from '../workloads';
import { PostureService } from './PostureService';
import { PostureStore } from './PostureStore';

/**
 * Runs after each workload sync: at most once per interval, a posture snapshot of every
 * annotated entity. This is work no user asked for, so it reads the catalog with the
 * plugin's own credentials.
 */
export class PostureSnapshotTask {
  constructor(
    private readonly deps: {
      postureStore: PostureStore;
      posture: PostureService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      snapshotIntervalMs: number;
    },
  ) {}

  async run(now = new Date()): Promise<void> {
    const { deps } = this;
    const last = await deps.postureStore.lastSnapshotAt();
    if (last && now.getTime() - last.getTime() < deps.snapshotIntervalMs) {
      return;
    }
    const credentials = await deps.auth.getOwnServiceCredentials();
    const { entities, invalid } = await listAnnotatedEntities(
      deps.catalog,
      credentials,
    );
    for (const i of invalid) {
      deps.logger.warn('entity has an invalid Kubernetes annotation', i);
    }
    const count = await deps.posture.takeSnapshots(
      entities,
      now,
      await systemDomains(deps.catalog, credentials),
    );
    deps.logger.info('stored posture snapshots', { entities: count });
  }
}
