import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PostureStore } from './PostureStore';
import { WorkloadStore } from '../workloads/WorkloadStore';
import { listAnnotatedEntities, systemDomains } from '../workloads/annotatedEntities';
import { PostureService } from './PostureService';
import { VulnerabilityService } from '../vulnerabilities/VulnerabilityService';

/**
 * What runs once every source has synced: vulnerability reports for the images now in
 * use, then (at most once per interval) a posture snapshot of every annotated entity.
 * This is work no user asked for, so it reads the catalog with the plugin's own credentials.
 */
export class PostSyncTasks {
  constructor(
    private readonly deps: {
      workloads: WorkloadStore;
      postureStore: PostureStore;
      posture: PostureService;
      vulnerabilities: VulnerabilityService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      snapshotIntervalMs: number;
    },
  ) {}

  async run(now = new Date()): Promise<void> {
    const { deps } = this;
    const { items } = await deps.workloads.listWorkloads({});
    await deps.vulnerabilities.refresh(
      items.flatMap(w => w.containers.map(c => c.image)),
      now,
    );

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
