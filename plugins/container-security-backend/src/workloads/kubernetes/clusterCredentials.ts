import fs from 'fs';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { KubernetesClusterEntry } from './clusterConfig';
import { getEksBearerToken } from './awsEksToken';

/** Where a pod finds its own service account token (the in-cluster fallback). */
export const IN_CLUSTER_TOKEN_PATH =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** An auth problem whose message is safe to show (names the cluster, holds no secret). */
export class ClusterAuthError extends Error {}

/**
 * The bearer token to send to a cluster, or undefined for anonymous requests.
 *
 * - `serviceAccount`: `serviceAccountToken`; without one, the pod's own service account
 *   token when running in a cluster (as the Kubernetes plugin does), else anonymous.
 * - `localKubectlProxy`: anonymous (the proxy adds the credentials).
 * - `aws`: a presigned STS token for the EKS cluster.
 * - anything else: not supported yet.
 */
export async function bearerTokenFor(
  cluster: KubernetesClusterEntry,
  deps: {
    awsCredentialsManager?: () => AwsCredentialsManager;
    inClusterTokenPath?: string;
  },
): Promise<string | undefined> {
  switch (cluster.authProvider) {
    case 'serviceAccount': {
      if (cluster.serviceAccountToken) return cluster.serviceAccountToken;
      const tokenPath = deps.inClusterTokenPath ?? IN_CLUSTER_TOKEN_PATH;
      if (!fs.existsSync(tokenPath)) return undefined;
      return fs.readFileSync(tokenPath, 'utf8').trim() || undefined;
    }
    case 'localKubectlProxy':
      return undefined;
    case 'aws': {
      if (!deps.awsCredentialsManager) {
        throw new ClusterAuthError('authProvider aws is not supported yet');
      }
      try {
        return await getEksBearerToken({
          credentialsManager: deps.awsCredentialsManager(),
          clusterId: cluster.awsClusterId,
          assumeRole: cluster.awsAssumeRole,
          externalId: cluster.awsExternalId,
        });
      } catch (e) {
        // AWS SDK errors name the failure (no credentials, access denied), not secrets.
        const reason = e instanceof Error ? e.message : String(e);
        throw new ClusterAuthError(`could not get AWS credentials: ${reason}`);
      }
    }
    case undefined:
      throw new ClusterAuthError(
        'no authProvider is configured (set authProvider or authMetadata.kubernetes.io/auth-provider)',
      );
    default:
      throw new ClusterAuthError(
        `authProvider ${cluster.authProvider} is not supported yet`,
      );
  }
}
