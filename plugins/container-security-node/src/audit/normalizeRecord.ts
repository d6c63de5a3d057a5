import { createHash } from 'crypto';
import { AuditPrincipal } from '@containersec/plugin-container-security-common';
import { arnResourceKey } from './resourceKeys';
import { CloudTrailRecord, NormalizedAuditEvent } from './types';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function principalOf(record: CloudTrailRecord): AuditPrincipal {
  const identity = record.userIdentity ?? {};
  const type = str(identity.type) ?? 'Unknown';
  const arn = str(identity.arn);
  const issuer = identity.sessionContext?.sessionIssuer;
  const roleArn = type === 'AssumedRole' ? str(issuer?.arn) : undefined;
  let name: string;
  if (type === 'Root') {
    name = 'root';
  } else if (type === 'AssumedRole' && arn) {
    // assumed-role/<role>/<session>
    name = arn.split(':').slice(5).join(':').split('/').slice(1).join('/');
  } else {
    name =
      str(identity.userName) ??
      str(issuer?.userName) ??
      str(identity.invokedBy) ??
      arn ??
      str(identity.principalId) ??
      type;
  }
  return {
    type,
    arn,
    name,
    roleArn,
    invokedBy: str(identity.invokedBy),
  };
}

function mfaOf(record: CloudTrailRecord): boolean | undefined {
  const used = str(record.additionalEventData?.MFAUsed);
  // The AWS examples spell it Yes, YES and No.
  if (used) return used.toLowerCase() === 'yes';
  const authenticated =
    record.userIdentity?.sessionContext?.attributes?.mfaAuthenticated;
  if (authenticated === true || authenticated === 'true') return true;
  if (authenticated === false || authenticated === 'false') return false;
  return undefined;
}

// Request parameters that name a resource, and the key each becomes.
const NAMED_PARAMETERS: Array<{
  field: string;
  key: (value: string, account: string) => string | undefined;
  sources?: string[];
}> = [
  { field: 'roleName', key: (v, a) => `iam-role:${a}:${v}` },
  { field: 'roleArn', key: v => arnResourceKey(v) },
  {
    field: 'repositoryName',
    key: (v, a) => `ecr:${a}:${v}`,
    sources: ['ecr.amazonaws.com'],
  },
  { field: 'clusterName', key: (v, a) => `eks:${a}:${v}` },
  // EKS cluster APIs call it `name`.
  {
    field: 'name',
    key: (v, a) => `eks:${a}:${v}`,
    sources: ['eks.amazonaws.com'],
  },
  { field: 'bucketName', key: v => `s3:${v}` },
  { field: 'policyArn', key: v => arnResourceKey(v) },
  { field: 'keyId', key: v => arnResourceKey(v) },
  { field: 'functionName', key: v => arnResourceKey(v) },
];

/**
 * Normalises one CloudTrail record, or returns undefined for a record without a parseable
 * time (nothing could order it). A record without an event id (some AWS documentation
 * examples) gets one derived from its content, so re-reading it still deduplicates.
 *
 * @public
 */
export function normalizeCloudTrailRecord(
  record: CloudTrailRecord,
  source: string,
): NormalizedAuditEvent | undefined {
  const time = str(record.eventTime);
  if (!time || Number.isNaN(Date.parse(time))) return undefined;
  const eventId =
    str(record.eventID) ??
    `sha256-${createHash('sha256')
      .update(JSON.stringify(record))
      .digest('hex')
      .slice(0, 32)}`;
  const accountId =
    str(record.recipientAccountId) ?? str(record.userIdentity?.accountId) ?? '';
  const principal = principalOf(record);
  const resources = new Set<string>();
  const keys = new Set<string>();
  const addArn = (arn: string | undefined) => {
    if (!arn) return;
    const key = arnResourceKey(arn);
    if (key) {
      resources.add(arn);
      keys.add(key);
    }
  };

  for (const resource of record.resources ?? []) addArn(str(resource?.ARN));
  const parameters = record.requestParameters ?? {};
  const eventSource = str(record.eventSource) ?? '';
  for (const named of NAMED_PARAMETERS) {
    const value = str(parameters[named.field]);
    if (!value || (named.sources && !named.sources.includes(eventSource))) {
      continue;
    }
    const key = named.key(value, accountId);
    if (key) {
      keys.add(key);
      resources.add(
        value.startsWith('arn:') ? value : `${named.field}:${value}`,
      );
    }
  }
  // The role acting: an IRSA pod calls AWS as an assumed-role session of its role.
  if (principal.roleArn) {
    const key = arnResourceKey(principal.roleArn);
    if (key) keys.add(key);
  }

  return {
    eventId,
    eventTime: new Date(time).toISOString(),
    eventName: str(record.eventName) ?? 'Unknown',
    eventSource,
    accountId,
    region: str(record.awsRegion) ?? '',
    principal,
    sourceIp: str(record.sourceIPAddress),
    userAgent: str(record.userAgent),
    mfaUsed: mfaOf(record),
    errorCode: str(record.errorCode),
    errorMessage: str(record.errorMessage),
    readOnly:
      typeof record.readOnly === 'boolean' ? record.readOnly : undefined,
    resources: [...resources],
    source,
    resourceKeys: [...keys].sort(),
    principalKey:
      principal.arn ??
      str(record.userIdentity?.principalId) ??
      str(record.userIdentity?.accessKeyId) ??
      principal.name,
    record,
  };
}
