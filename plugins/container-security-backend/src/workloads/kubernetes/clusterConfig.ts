import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER as AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE as AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_CLUSTER_ID as AWS_CLUSTER_ID,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID as AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';

/**
 * One cluster of a `kubernetes.clusterLocatorMethods[]` entry of `type: config`, read
 * the way the Kubernetes plugin's ConfigClusterLocator reads it.
 */
export interface KubernetesClusterEntry {
  name: string;
  url?: string;
  /** From `authMetadata['kubernetes.io/auth-provider']`, else `authProvider`. */
  authProvider?: string;
  /** Secret: never logged or put in a message. */
  serviceAccountToken?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  /** For `authProvider: aws`: the EKS cluster name signed into the token. */
  awsClusterId: string;
  awsAssumeRole?: string;
  awsExternalId?: string;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** The clusters of every `type: config` cluster locator method. */
export function readKubernetesClusters(
  config: Config,
): KubernetesClusterEntry[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const names = new Set<string>();
  return methods
    .filter(method => method.getOptionalString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? [])
    .map(c => {
      const name = c.getString('name');
      if (names.has(name)) {
        throw new Error(`Duplicate Kubernetes cluster name '${name}'`);
      }
      names.add(name);
      // As in the Kubernetes plugin, an `authMetadata` block wins over the flat keys.
      const meta: Record<string, unknown> = c.getOptional('authMetadata') ?? {};
      return {
        name,
        url: c.getOptionalString('url'),
        authProvider:
          stringOf(meta[AUTH_PROVIDER]) ?? c.getOptionalString('authProvider'),
        serviceAccountToken:
          stringOf(meta.serviceAccountToken) ??
          c.getOptionalString('serviceAccountToken'),
        caData: c.getOptionalString('caData'),
        caFile: c.getOptionalString('caFile'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        awsClusterId: stringOf(meta[AWS_CLUSTER_ID]) ?? name,
        awsAssumeRole:
          stringOf(meta[AWS_ASSUME_ROLE]) ?? c.getOptionalString('assumeRole'),
        awsExternalId:
          stringOf(meta[AWS_EXTERNAL_ID]) ?? c.getOptionalString('externalId'),
      };
    });
}

/**
 * Whether any `type: config` cluster locator method lists at least one cluster, or a
 * `type: catalog` method is configured (its clusters are found at every sync).
 */
export function hasConfiguredKubernetesClusters(config: Config): boolean {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return (
    hasCatalogClusterLocator(config) ||
    methods.some(
      method =>
        method.getOptionalString('type') === 'config' &&
        (method.getOptionalConfigArray('clusters') ?? []).length > 0,
    )
  );
}

/** Whether `kubernetes.clusterLocatorMethods` has an entry of `type: catalog`. */
export function hasCatalogClusterLocator(config: Config): boolean {
  return (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  ).some(method => method.getOptionalString('type') === 'catalog');
}

/**
 * The catalog entities the Kubernetes plugin's `catalog` cluster locator reads: Resources
 * of type `kubernetes-cluster`.
 */
export const CATALOG_CLUSTER_FILTER = {
  kind: 'Resource',
  'spec.type': 'kubernetes-cluster',
};

/**
 * Clusters described by catalog Resources, read the way the Kubernetes plugin's
 * CatalogClusterLocator reads them: the entity name, `kubernetes.io/api-server`,
 * `kubernetes.io/api-server-certificate-authority`, `kubernetes.io/auth-provider`,
 * `kubernetes.io/skip-tls-verify`, and the annotations as auth metadata (the AWS role,
 * external id and cluster id).
 */
export function clustersFromCatalogEntities(
  entities: Entity[],
): KubernetesClusterEntry[] {
  return entities.map(entity => {
    const annotations = entity.metadata.annotations ?? {};
    return {
      name: entity.metadata.name,
      url: stringOf(annotations[ANNOTATION_KUBERNETES_API_SERVER]),
      caData: stringOf(annotations[ANNOTATION_KUBERNETES_API_SERVER_CA]),
      authProvider: stringOf(annotations[AUTH_PROVIDER]),
      skipTLSVerify:
        annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
      awsClusterId:
        stringOf(annotations[AWS_CLUSTER_ID]) ?? entity.metadata.name,
      awsAssumeRole: stringOf(annotations[AWS_ASSUME_ROLE]),
      awsExternalId: stringOf(annotations[AWS_EXTERNAL_ID]),
    };
  });
}
