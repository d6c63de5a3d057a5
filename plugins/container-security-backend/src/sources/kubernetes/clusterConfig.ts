import { Config } from '@backstage/config';

// The keys the Kubernetes plugin uses (`@backstage/plugin-kubernetes-common`).
const AUTH_PROVIDER = 'kubernetes.io/auth-provider';
const AWS_ASSUME_ROLE = 'kubernetes.io/aws-assume-role';
const AWS_EXTERNAL_ID = 'kubernetes.io/aws-external-id';
const AWS_CLUSTER_ID = 'kubernetes.io/x-k8s-aws-id';

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

/** Whether any `type: config` cluster locator method lists at least one cluster. */
export function hasConfiguredKubernetesClusters(config: Config): boolean {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods.some(
    method =>
      method.getOptionalString('type') === 'config' &&
      (method.getOptionalConfigArray('clusters') ?? []).length > 0,
  );
}
