import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import {
  CALICO_CRD_GROUP,
  CALICO_V3_GROUP,
  ClusterReadResult,
  KubernetesObject,
  workloadFromObject,
  WorkloadSource,
} from '@containersec/plugin-container-security-node';
import { ClusterClient, KubernetesStatusError } from './clusterClient';
import {
  CATALOG_CLUSTER_FILTER,
  clustersFromCatalogEntities,
  hasCatalogClusterLocator,
  hasConfiguredKubernetesClusters,
  KubernetesClusterEntry,
  readKubernetesClusters,
} from './clusterConfig';
import { bearerTokenFor, ClusterAuthError } from './clusterCredentials';
import { topLevelWorkloadObjects } from './ownership';
import {
  KUBERNETES_RESOURCE_TYPES,
  KubernetesResourceType,
  resourceNameOf,
} from './resourceTypes';

/** Options of {@link KubernetesWorkloadSource.fromConfig}. */
export interface KubernetesWorkloadSourceOptions {
  logger: LoggerService;
  /** For `authProvider: aws`; by default built from the `aws` integration config. */
  awsCredentialsManager?: AwsCredentialsManager;
  /** Objects per list page (`limit`); 500 by default. */
  pageSize?: number;
  /** Time allowed for one list page; 30 seconds by default. */
  requestTimeoutMs?: number;
  /** The in-cluster service account token read when `serviceAccount` has no token. */
  inClusterTokenPath?: string;
  /** The resource types to list; all of {@link KUBERNETES_RESOURCE_TYPES} by default. */
  resourceTypes?: readonly KubernetesResourceType[];
  /**
   * For a `type: catalog` cluster locator: the catalog, read with the plugin's own
   * service credentials at every sync.
   */
  catalog?: CatalogService;
  auth?: AuthService;
}

/** A failure that ends a cluster's read; its message is safe to show. */
class ClusterReadError extends Error {}

/**
 * Workloads and the objects around them, read live from the clusters configured for
 * the Kubernetes plugin (`kubernetes.clusterLocatorMethods[]` entries of `type: config`
 * and `type: catalog`), with the same cluster auth. Each cluster is reported on its own: one that cannot be
 * read is `ok: false` and keeps its last known data; a resource type the cluster
 * forbids (403) or does not serve (404) is skipped and named in the message.
 */
export class KubernetesWorkloadSource implements WorkloadSource {
  readonly id = 'kubernetes';

  /** Whether the config lists any cluster this source would read. */
  static hasConfiguredClusters(config: Config): boolean {
    return hasConfiguredKubernetesClusters(config);
  }

  static fromConfig(
    config: Config,
    options: KubernetesWorkloadSourceOptions,
  ): KubernetesWorkloadSource {
    const configured = readKubernetesClusters(config);
    const { catalog, auth } = options;
    let listClusters = async () => configured;
    if (hasCatalogClusterLocator(config)) {
      if (!catalog || !auth) {
        throw new Error(
          'kubernetes.clusterLocatorMethods of type catalog need the catalog and auth services',
        );
      }
      // As the Kubernetes plugin does: config clusters first, then catalog Resources of
      // type kubernetes-cluster (a name already configured is not read twice). A failed
      // catalog read fails the sync, so no cluster's last data is forgotten.
      listClusters = async () => {
        const { items } = await catalog.getEntities(
          { filter: CATALOG_CLUSTER_FILTER },
          { credentials: await auth.getOwnServiceCredentials() },
        );
        const names = new Set(configured.map(c => c.name));
        return [
          ...configured,
          ...clustersFromCatalogEntities(items).filter(c => !names.has(c.name)),
        ];
      };
    }
    let awsCredentialsManager = options.awsCredentialsManager;
    return new KubernetesWorkloadSource(listClusters, {
      ...options,
      // Built on first use, so only configs with an aws cluster read the aws config.
      awsCredentialsManager: () => {
        awsCredentialsManager ??=
          DefaultAwsCredentialsManager.fromConfig(config);
        return awsCredentialsManager;
      },
    });
  }

  private constructor(
    private readonly listClusters: () => Promise<KubernetesClusterEntry[]>,
    private readonly options: Omit<
      KubernetesWorkloadSourceOptions,
      'awsCredentialsManager'
    > & { awsCredentialsManager: () => AwsCredentialsManager },
  ) {}

  async readWorkloads(): Promise<ClusterReadResult[]> {
    const clusters = await this.listClusters();
    return Promise.all(clusters.map(c => this.readCluster(c)));
  }

  private async readCluster(
    cluster: KubernetesClusterEntry,
  ): Promise<ClusterReadResult> {
    const { logger } = this.options;
    const observedAt = new Date().toISOString();
    let token: string | undefined;
    try {
      const objects: KubernetesObject[] = [];
      const skipped = { forbidden: [] as string[], notFound: [] as string[] };
      const { url } = cluster;
      if (!url) throw new ClusterReadError('no url is configured');
      token = await bearerTokenFor(cluster, {
        awsCredentialsManager: this.options.awsCredentialsManager,
        inClusterTokenPath: this.options.inClusterTokenPath,
      });
      const client = new ClusterClient({ ...cluster, url }, token, {
        pageSize: this.options.pageSize ?? 500,
        requestTimeoutMs: this.options.requestTimeoutMs ?? 30_000,
      });
      const types = this.options.resourceTypes ?? KUBERNETES_RESOURCE_TYPES;
      // Kinds the Calico API server (projectcalico.org/v3) listed: their CRD copies
      // (crd.projectcalico.org/v1) are the same objects and are not read again.
      const calicoV3Kinds = new Set<string>();
      let read = 0;
      let requiredRead = 0;
      for (const type of types) {
        const resource = resourceNameOf(type);
        if (type.group === CALICO_CRD_GROUP && calicoV3Kinds.has(type.kind)) {
          continue;
        }
        try {
          objects.push(...(await client.listAll(type, resource)));
          read += 1;
          if (!type.optional) requiredRead += 1;
          if (type.group === CALICO_V3_GROUP) calicoV3Kinds.add(type.kind);
        } catch (e) {
          if (e instanceof KubernetesStatusError && e.status === 403) {
            skipped.forbidden.push(resource);
          } else if (e instanceof KubernetesStatusError && e.status === 404) {
            // An optional custom resource that is not installed is not a gap.
            if (!type.optional) skipped.notFound.push(resource);
          } else {
            throw e;
          }
        }
      }
      const skippedCount = skipped.forbidden.length + skipped.notFound.length;
      const skippedMessage = [
        ...(skipped.forbidden.length
          ? [`forbidden: ${skipped.forbidden.join(', ')}`]
          : []),
        ...(skipped.notFound.length
          ? [`not found: ${skipped.notFound.join(', ')}`]
          : []),
      ].join('; ');
      // Optional kinds alone (say, empty Calico lists) do not make a cluster read.
      const nothingRead = types.some(t => !t.optional)
        ? requiredRead === 0
        : types.length > 0 && read === 0;
      if (nothingRead) {
        // Nothing could be read: reporting an empty cluster would erase what is known.
        throw new ClusterReadError(
          `no resource type could be listed (${skippedMessage})`,
        );
      }
      const workloads = topLevelWorkloadObjects(objects).flatMap(object => {
        const w = workloadFromObject(object, {
          cluster: cluster.name,
          source: this.id,
          observedAt,
        });
        return w ? [w] : [];
      });
      if (skippedCount > 0) {
        logger.warn('skipped Kubernetes resource types', {
          cluster: cluster.name,
          skipped: skippedMessage,
        });
      }
      logger.debug('read Kubernetes cluster', {
        cluster: cluster.name,
        objects: objects.length,
        workloads: workloads.length,
      });
      return {
        cluster: cluster.name,
        ok: true,
        ...(skippedCount > 0
          ? { message: `skipped resource types: ${skippedMessage}` }
          : {}),
        workloads,
        objects: objects.map(object => ({ object })),
      };
    } catch (e) {
      return {
        cluster: cluster.name,
        ok: false,
        message: redact(
          `Kubernetes cluster ${cluster.name}: ${reasonOf(e)}`,
          token,
        ),
        workloads: [],
      };
    }
  }
}

/** Why a cluster read failed, in words that carry no stack and no credentials. */
function reasonOf(e: unknown): string {
  if (e instanceof ClusterReadError || e instanceof ClusterAuthError) {
    return e.message;
  }
  if (e instanceof KubernetesStatusError) {
    if (e.status === 401) {
      return `unauthorized listing ${e.resource} (HTTP 401); check the credentials`;
    }
    return `the API server answered HTTP ${e.status} listing ${e.resource}`;
  }
  if (e instanceof Error) {
    if (e.name === 'AbortError' || e.name === 'TimeoutError') {
      return 'unreachable: the request timed out';
    }
    const code = (e as { code?: unknown }).code;
    const detail =
      typeof code === 'string' ? `${code} (${e.message})` : e.message;
    return `unreachable: ${stripUrlCredentials(detail)}`;
  }
  return `unreachable: ${String(e)}`;
}

/** Drops `user:password@` from any url in a message. */
function stripUrlCredentials(message: string): string {
  return message.replace(/(\w+:\/\/)[^/\s@]+@/g, '$1');
}

/** Defence in depth: a message never carries the token, whatever an error said. */
function redact(message: string, token: string | undefined): string {
  return token ? message.split(token).join('[redacted]') : message;
}
