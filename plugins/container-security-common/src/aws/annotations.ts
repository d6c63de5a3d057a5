import { Entity } from '@backstage/catalog-model';

/**
 * The prefix of every AWS annotation of the plugin suite.
 *
 * @public
 */
export const AWS_ANNOTATION_PREFIX = 'aws.container-security.io/';

/**
 * Catalog annotations that tie a service to its AWS resources. List values are
 * comma-separated; whitespace around items is ignored.
 *
 * @public
 */
export const AWS_ANNOTATIONS = {
  /** The 12-digit account the service runs in. */
  accountId: `${AWS_ANNOTATION_PREFIX}account-id`,
  /** The region the service runs in, e.g. `eu-west-1`. */
  region: `${AWS_ANNOTATION_PREFIX}region`,
  /** The EKS cluster the service runs on: a cluster name or a cluster ARN. */
  eksCluster: `${AWS_ANNOTATION_PREFIX}eks-cluster`,
  /** IAM roles the service runs as (IRSA / pod identity): role ARNs. */
  iamRoles: `${AWS_ANNOTATION_PREFIX}iam-roles`,
  /** ECR repositories the service's images come from: names or repository ARNs. */
  ecrRepositories: `${AWS_ANNOTATION_PREFIX}ecr-repositories`,
  /** Any other resources the service owns (buckets, keys, queues, …): ARNs. */
  arns: `${AWS_ANNOTATION_PREFIX}arns`,
} as const;

/**
 * The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`.
 *
 * @public
 */
export interface AwsArn {
  partition: string;
  service: string;
  /** Empty for global services such as IAM and S3. */
  region: string;
  /** Empty for S3 buckets. */
  accountId: string;
  /** Everything after the fifth colon, e.g. `role/payments-api`. */
  resource: string;
}

/**
 * Splits an ARN into its parts, or returns undefined when the text is not an ARN.
 *
 * @public
 */
export function parseArn(text: string): AwsArn | undefined {
  const parts = text.trim().split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !parts[1] || !parts[2]) {
    return undefined;
  }
  const [, partition, service, region, accountId] = parts;
  const resource = parts.slice(5).join(':');
  if (!resource) {
    return undefined;
  }
  return { partition, service, region, accountId, resource };
}

/**
 * The AWS resources an entity's annotations name, normalised.
 *
 * @public
 */
export interface EntityAwsResources {
  /** From the account-id annotation, else from the first annotated ARN naming an account. */
  accountId?: string;
  /** From the region annotation, else from the first annotated ARN naming a region. */
  region?: string;
  /** The EKS cluster name (taken out of the ARN when an ARN was given). */
  eksCluster?: string;
  /** The EKS cluster ARN, when the annotation held one. */
  eksClusterArn?: string;
  /** IAM role ARNs the service runs as. */
  iamRoleArns: string[];
  /** IAM role names (the last path segment of each role ARN). */
  iamRoleNames: string[];
  /** ECR repository names (taken out of the ARN when ARNs were given). */
  ecrRepositories: string[];
  /** The other annotated resource ARNs. */
  arns: string[];
  /** Annotation values that could not be understood, as `<annotation>: <value>`. */
  invalid: string[];
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// ECR: lower case, digits, and . _ - / separators.
const ECR_REPOSITORY_NAME = /^[a-z0-9]+(?:[._\-/][a-z0-9]+)*$/;
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
}

/**
 * Whether the entity carries at least one AWS annotation of the suite.
 *
 * @public
 */
export function hasAwsAnnotations(entity: Entity): boolean {
  return Object.keys(entity.metadata.annotations ?? {}).some(key =>
    key.startsWith(AWS_ANNOTATION_PREFIX),
  );
}

/**
 * Reads an entity's AWS annotations into a typed object. Values that are not
 * understood are left out and listed in `invalid` rather than thrown, so that one
 * typo does not hide the rest of the service's resources.
 *
 * @public
 */
export function getEntityAwsResources(entity: Entity): EntityAwsResources {
  const annotations = entity.metadata.annotations ?? {};
  const invalid: string[] = [];
  const reject = (key: string, value: string) =>
    invalid.push(`${key}: ${value}`);

  let accountId: string | undefined;
  const accountValue = annotations[AWS_ANNOTATIONS.accountId]?.trim();
  if (accountValue) {
    if (ACCOUNT_ID.test(accountValue)) accountId = accountValue;
    else reject(AWS_ANNOTATIONS.accountId, accountValue);
  }

  let region: string | undefined;
  const regionValue = annotations[AWS_ANNOTATIONS.region]?.trim();
  if (regionValue) {
    if (REGION.test(regionValue)) region = regionValue;
    else reject(AWS_ANNOTATIONS.region, regionValue);
  }

  const seenArns: AwsArn[] = [];

  let eksCluster: string | undefined;
  let eksClusterArn: string | undefined;
  const clusterValue = annotations[AWS_ANNOTATIONS.eksCluster]?.trim();
  if (clusterValue) {
    const arn = parseArn(clusterValue);
    if (arn && arn.service === 'eks' && arn.resource.startsWith('cluster/')) {
      eksCluster = arn.resource.slice('cluster/'.length);
      eksClusterArn = clusterValue;
      seenArns.push(arn);
    } else if (!arn && EKS_CLUSTER_NAME.test(clusterValue)) {
      eksCluster = clusterValue;
    } else {
      reject(AWS_ANNOTATIONS.eksCluster, clusterValue);
    }
  }

  const iamRoleArns: string[] = [];
  const iamRoleNames: string[] = [];
  for (const value of list(annotations[AWS_ANNOTATIONS.iamRoles])) {
    const arn = parseArn(value);
    if (arn && arn.service === 'iam' && arn.resource.startsWith('role/')) {
      iamRoleArns.push(value);
      iamRoleNames.push(arn.resource.split('/').pop()!);
      seenArns.push(arn);
    } else {
      reject(AWS_ANNOTATIONS.iamRoles, value);
    }
  }

  const ecrRepositories: string[] = [];
  for (const value of list(annotations[AWS_ANNOTATIONS.ecrRepositories])) {
    const arn = parseArn(value);
    if (
      arn &&
      arn.service === 'ecr' &&
      arn.resource.startsWith('repository/')
    ) {
      ecrRepositories.push(arn.resource.slice('repository/'.length));
      seenArns.push(arn);
    } else if (!arn && ECR_REPOSITORY_NAME.test(value)) {
      ecrRepositories.push(value);
    } else {
      reject(AWS_ANNOTATIONS.ecrRepositories, value);
    }
  }

  const arns: string[] = [];
  for (const value of list(annotations[AWS_ANNOTATIONS.arns])) {
    const arn = parseArn(value);
    if (arn) {
      arns.push(value);
      seenArns.push(arn);
    } else {
      reject(AWS_ANNOTATIONS.arns, value);
    }
  }

  return {
    accountId: accountId ?? seenArns.find(a => a.accountId)?.accountId,
    region: region ?? seenArns.find(a => a.region)?.region,
    eksCluster,
    eksClusterArn,
    iamRoleArns: [...new Set(iamRoleArns)],
    iamRoleNames: [...new Set(iamRoleNames)],
    ecrRepositories: [...new Set(ecrRepositories)],
    arns: [...new Set(arns)],
    invalid,
  };
}
