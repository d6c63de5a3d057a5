import {
  EntityAwsResources,
  parseArn,
} from '@containersec/plugin-container-security-common';

/*
 * Events are matched to services through resource keys both sides derive the same way:
 *   iam-role:<account>:<role name>   roles named, passed or acting (IRSA sessions)
 *   ecr:<account>:<repository>       ECR repositories
 *   eks:<account>:<cluster>          EKS clusters
 *   s3:<bucket>                      buckets (names are global)
 *   arn:<arn>                        any other ARN, as written
 */

/**
 * The resource key of an ARN, or undefined when the text is not an ARN.
 *
 * @public
 */
export function arnResourceKey(arnText: string): string | undefined {
  const arn = parseArn(arnText);
  if (!arn) return undefined;
  const { service, accountId, resource } = arn;
  if (service === 'iam' && resource.startsWith('role/')) {
    return `iam-role:${accountId}:${resource.split('/').pop()}`;
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    return `iam-role:${accountId}:${resource.split('/')[1]}`;
  }
  if (service === 'ecr' && resource.startsWith('repository/')) {
    return `ecr:${accountId}:${resource.slice('repository/'.length)}`;
  }
  if (service === 'eks' && resource.startsWith('cluster/')) {
    return `eks:${accountId}:${resource.slice('cluster/'.length)}`;
  }
  if (service === 's3' && !arn.accountId) {
    return `s3:${resource.split('/')[0]}`;
  }
  return `arn:${arnText.trim()}`;
}

/**
 * The resource keys of a service's annotated resources. Names without an account
 * (an ECR repository or EKS cluster given by name) need the account-id annotation or an
 * ARN elsewhere to infer it from; without one they cannot be matched and are left out.
 *
 * @public
 */
export function entityResourceKeys(resources: EntityAwsResources): string[] {
  const keys = new Set<string>();
  const add = (key: string | undefined) => key && keys.add(key);
  resources.iamRoleArns.forEach(arn => add(arnResourceKey(arn)));
  resources.arns.forEach(arn => add(arnResourceKey(arn)));
  if (resources.eksClusterArn) add(arnResourceKey(resources.eksClusterArn));
  if (resources.accountId) {
    resources.ecrRepositories.forEach(repo =>
      add(`ecr:${resources.accountId}:${repo}`),
    );
    if (resources.eksCluster) {
      add(`eks:${resources.accountId}:${resources.eksCluster}`);
    }
  }
  return [...keys].sort();
}
