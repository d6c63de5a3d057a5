import {
  AuditRisk,
  Severity,
  SEVERITIES,
} from '@containersec/plugin-container-security-common';
import { NormalizedAuditEvent } from './types';

/**
 * A risky-event rule over one event. `match` returns why it fired, or undefined.
 *
 * @public
 */
export interface AuditRule {
  id: string;
  title: string;
  severity: Severity;
  match(event: NormalizedAuditEvent): string | undefined;
}

/**
 * Per-rule settings from config: switch a rule off or change its severity, and the
 * parameters of the AccessDenied burst rule.
 *
 * @public
 */
export interface AuditRuleSettings {
  rules: Array<{ id: string; enabled?: boolean; severity?: Severity }>;
  accessDeniedBurst: { threshold: number; windowMinutes: number };
}

/**
 * Defaults: every rule on, 10 AccessDenied errors by one principal within 5 minutes.
 *
 * @public
 */
export const DEFAULT_AUDIT_RULE_SETTINGS: AuditRuleSettings = {
  rules: [],
  accessDeniedBurst: { threshold: 10, windowMinutes: 5 },
};

type Json = unknown;

function obj(value: Json): Record<string, Json> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, Json>)
    : {};
}
function arr(value: Json): Json[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}
function isFalse(value: Json): boolean {
  return value === false || value === 'false';
}
/** A policy document as CloudTrail records it: an object, a JSON string or a URL-encoded one. */
function policyDocument(value: Json): Record<string, Json> | undefined {
  if (value && typeof value === 'object') return obj(value);
  if (typeof value !== 'string') return undefined;
  for (const text of [value, safeDecode(value)]) {
    try {
      return obj(JSON.parse(text));
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
function allowStatements(doc: Record<string, Json> | undefined) {
  return arr(doc?.Statement)
    .map(obj)
    .filter(s => s.Effect === 'Allow');
}
function hasWildcardAdminStatement(doc: Record<string, Json> | undefined) {
  return allowStatements(doc).some(
    s =>
      arr(s.Action).some(a => a === '*' || a === '*:*') &&
      arr(s.Resource).includes('*'),
  );
}
/** Allow statements granting to everyone without a condition that narrows it. */
function grantsToEveryone(doc: Record<string, Json> | undefined): boolean {
  return allowStatements(doc).some(s => {
    if (s.Condition && Object.keys(obj(s.Condition)).length > 0) return false;
    const principal = s.Principal;
    return (
      principal === '*' ||
      arr(obj(principal).AWS).includes('*') ||
      arr(obj(principal).CanonicalUser).includes('*')
    );
  });
}
/** Any address with prefix length 0 is the whole internet, whatever its address bits. */
function isWholeInternet(cidr: Json): boolean {
  return typeof cidr === 'string' && /\/0$/.test(cidr.trim());
}

const succeeded = (e: NormalizedAuditEvent) => !e.errorCode;
const params = (e: NormalizedAuditEvent) => obj(e.record.requestParameters);
const is = (e: NormalizedAuditEvent, source: string, ...names: string[]) =>
  e.eventSource === source && names.includes(e.eventName);

/**
 * The built-in risky-event rules.
 *
 * @public
 */
export const BUILT_IN_AUDIT_RULES: AuditRule[] = [
  {
    id: 'logging-disabled',
    title: 'Audit logging stopped or deleted',
    severity: 'critical',
    match(e) {
      if (!succeeded(e)) return undefined;
      const p = params(e);
      if (is(e, 'cloudtrail.amazonaws.com', 'StopLogging')) {
        return 'CloudTrail logging was stopped: later activity is not recorded.';
      }
      if (is(e, 'cloudtrail.amazonaws.com', 'DeleteTrail')) {
        return 'A CloudTrail trail was deleted: its activity is no longer recorded.';
      }
      if (is(e, 'cloudtrail.amazonaws.com', 'UpdateTrail')) {
        const off = [
          'isMultiRegionTrail',
          'includeGlobalServiceEvents',
          'enableLogFileValidation',
        ].filter(f => isFalse(p[f]));
        return off.length
          ? `A trail was narrowed (${off.join(', ')} set to false).`
          : undefined;
      }
      if (is(e, 'cloudtrail.amazonaws.com', 'PutEventSelectors')) {
        const selectors = arr(p.eventSelectors).map(obj);
        return selectors.length &&
          selectors.every(s => isFalse(s.includeManagementEvents))
          ? 'A trail stopped recording management events.'
          : undefined;
      }
      if (is(e, 'ec2.amazonaws.com', 'DeleteFlowLogs')) {
        return 'VPC flow logs were deleted: network traffic is no longer recorded.';
      }
      return undefined;
    },
  },
  {
    id: 'console-login-without-mfa',
    title: 'Console sign-in without MFA',
    severity: 'high',
    match(e) {
      if (!is(e, 'signin.amazonaws.com', 'ConsoleLogin')) return undefined;
      const result = obj(e.record.responseElements).ConsoleLogin;
      if (result !== 'Success' || e.mfaUsed !== false) return undefined;
      return `${e.principal.name} signed in to the console without MFA.`;
    },
  },
  {
    id: 'root-activity',
    title: 'Root user activity',
    severity: 'high',
    match(e) {
      if (e.principal.type !== 'Root' || e.principal.invokedBy)
        return undefined;
      return `The account root user called ${e.eventName}; root should be locked away, not used.`;
    },
  },
  {
    id: 'access-key-created',
    title: 'Access key created',
    severity: 'medium',
    match(e) {
      if (!succeeded(e) || !is(e, 'iam.amazonaws.com', 'CreateAccessKey')) {
        return undefined;
      }
      const user = params(e).userName;
      return `A long-lived access key was created${
        typeof user === 'string' ? ` for ${user}` : ''
      }.`;
    },
  },
  {
    id: 'admin-policy-granted',
    title: 'Administrator or wildcard policy granted',
    severity: 'critical',
    match(e) {
      if (!succeeded(e) || e.eventSource !== 'iam.amazonaws.com') {
        return undefined;
      }
      const p = params(e);
      if (
        ['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy'].includes(
          e.eventName,
        ) &&
        typeof p.policyArn === 'string' &&
        /:policy\/AdministratorAccess$/.test(p.policyArn)
      ) {
        const to = p.userName ?? p.roleName ?? p.groupName;
        return `AdministratorAccess was attached to ${String(to)}.`;
      }
      if (
        [
          'PutUserPolicy',
          'PutRolePolicy',
          'PutGroupPolicy',
          'CreatePolicy',
          'CreatePolicyVersion',
        ].includes(e.eventName) &&
        hasWildcardAdminStatement(policyDocument(p.policyDocument))
      ) {
        return `${e.eventName} granted Action "*" on Resource "*".`;
      }
      return undefined;
    },
  },
  {
    id: 'security-group-open-to-internet',
    title: 'Security group opened to the internet',
    severity: 'high',
    match(e) {
      if (
        !succeeded(e) ||
        !is(e, 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress')
      ) {
        return undefined;
      }
      const p = params(e);
      const cidrs: Json[] = [p.cidrIp];
      for (const permission of arr(obj(p.ipPermissions).items)) {
        for (const r of arr(obj(obj(permission).ipRanges).items)) {
          cidrs.push(obj(r).cidrIp);
        }
        for (const r of arr(obj(obj(permission).ipv6Ranges).items)) {
          cidrs.push(obj(r).cidrIpv6);
        }
      }
      const open = cidrs.filter(isWholeInternet);
      if (!open.length) return undefined;
      const ports =
        p.fromPort !== undefined ? ` (port ${String(p.fromPort)})` : '';
      return `Ingress from ${open.join(', ')}${ports} was allowed on ${String(
        p.groupId ?? 'a security group',
      )}.`;
    },
  },
  {
    id: 's3-bucket-public',
    title: 'Bucket made public',
    severity: 'critical',
    match(e) {
      if (!succeeded(e) || e.eventSource !== 's3.amazonaws.com') {
        return undefined;
      }
      const p = params(e);
      const bucket = String(p.bucketName ?? 'a bucket');
      switch (e.eventName) {
        case 'PutBucketPolicy':
          return grantsToEveryone(policyDocument(p.bucketPolicy))
            ? `The policy of ${bucket} allows Principal "*" without a condition.`
            : undefined;
        case 'PutBucketAcl': {
          const text = JSON.stringify(p);
          const acl = String(p['x-amz-acl'] ?? '');
          return /groups\/global\/(AllUsers|AuthenticatedUsers)/.test(text) ||
            /^(public-read|public-read-write|authenticated-read)$/.test(acl)
            ? `The ACL of ${bucket} grants access to all (authenticated) AWS users.`
            : undefined;
        }
        case 'DeleteBucketPublicAccessBlock':
        case 'DeletePublicAccessBlock':
          return `The public access block of ${bucket} was removed.`;
        case 'PutBucketPublicAccessBlock':
        case 'PutPublicAccessBlock': {
          const configuration = obj(p.PublicAccessBlockConfiguration);
          const off = [
            'BlockPublicAcls',
            'IgnorePublicAcls',
            'BlockPublicPolicy',
            'RestrictPublicBuckets',
          ].filter(f => isFalse(configuration[f]));
          return off.length
            ? `Public access block settings of ${bucket} were turned off (${off.join(
                ', ',
              )}).`
            : undefined;
        }
        default:
          return undefined;
      }
    },
  },
  {
    id: 'ecr-repository-public',
    title: 'ECR repository made public',
    severity: 'high',
    match(e) {
      if (!succeeded(e) || !is(e, 'ecr.amazonaws.com', 'SetRepositoryPolicy')) {
        return undefined;
      }
      const p = params(e);
      return grantsToEveryone(policyDocument(p.policyText))
        ? `The policy of repository ${String(
            p.repositoryName,
          )} allows Principal "*": anyone can pull its images.`
        : undefined;
    },
  },
  {
    id: 'kms-key-disabled',
    title: 'KMS key disabled or scheduled for deletion',
    severity: 'high',
    match(e) {
      if (!succeeded(e)) return undefined;
      const key = String(params(e).keyId ?? 'a key');
      if (is(e, 'kms.amazonaws.com', 'DisableKey')) {
        return `KMS key ${key} was disabled: data encrypted with it cannot be read.`;
      }
      if (is(e, 'kms.amazonaws.com', 'ScheduleKeyDeletion')) {
        return `KMS key ${key} was scheduled for deletion: data encrypted with it will be lost.`;
      }
      return undefined;
    },
  },
  {
    id: 'eks-endpoint-public',
    title: 'EKS API endpoint made public',
    severity: 'medium',
    match(e) {
      if (!succeeded(e) || !is(e, 'eks.amazonaws.com', 'UpdateClusterConfig')) {
        return undefined;
      }
      const p = params(e);
      const vpc = obj(p.resourcesVpcConfig);
      return vpc.endpointPublicAccess === true ||
        vpc.endpointPublicAccess === 'true'
        ? `The API endpoint of cluster ${String(
            p.name,
          )} was made reachable from the internet.`
        : undefined;
    },
  },
];

/**
 * The id of the AccessDenied burst rule, evaluated over many events by
 * {@link findAccessDeniedBursts}.
 *
 * @public
 */
export const ACCESS_DENIED_BURST_RULE = {
  id: 'access-denied-burst',
  title: 'Burst of AccessDenied errors',
  severity: 'medium' as Severity,
};

/**
 * Every rule id, for validating config.
 *
 * @public
 */
export const AUDIT_RULE_IDS = [
  ...BUILT_IN_AUDIT_RULES.map(r => r.id),
  ACCESS_DENIED_BURST_RULE.id,
];

function effective(
  id: string,
  severity: Severity,
  settings: AuditRuleSettings,
): { enabled: boolean; severity: Severity } {
  const setting = settings.rules.find(r => r.id === id);
  return {
    enabled: setting?.enabled ?? true,
    severity: setting?.severity ?? severity,
  };
}

/**
 * Risks ordered most severe first.
 *
 * @public
 */
export function sortRisks(risks: AuditRisk[]): AuditRisk[] {
  return [...risks].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

/**
 * The per-event rules that fire on an event, most severe first.
 *
 * @public
 */
export function evaluateAuditEvent(
  event: NormalizedAuditEvent,
  settings: AuditRuleSettings = DEFAULT_AUDIT_RULE_SETTINGS,
  rules: AuditRule[] = BUILT_IN_AUDIT_RULES,
): AuditRisk[] {
  const risks: AuditRisk[] = [];
  for (const rule of rules) {
    const { enabled, severity } = effective(rule.id, rule.severity, settings);
    if (!enabled) continue;
    const why = rule.match(event);
    if (why) risks.push({ ruleId: rule.id, title: rule.title, severity, why });
  }
  return sortRisks(risks);
}

/**
 * Whether an error code is an authorization failure (`AccessDenied`,
 * `AccessDeniedException`, EC2's `Client.UnauthorizedOperation`, …).
 *
 * @public
 */
export function isAccessDeniedError(errorCode: string | undefined): boolean {
  return Boolean(
    errorCode &&
      /AccessDenied|UnauthorizedOperation|Unauthorized/i.test(errorCode),
  );
}

/**
 * The minimal view of an event the burst rule needs.
 *
 * @public
 */
export interface AccessDeniedEvent {
  eventId: string;
  eventTime: string;
  principalKey: string;
  errorCode?: string;
}

/**
 * AccessDenied bursts: every authorization failure that is the threshold-th (or later)
 * failure of the same principal within the window ending at it. Give it the stored
 * failures around new ones too, so that a burst split across syncs is still seen.
 *
 * @public
 */
export function findAccessDeniedBursts(
  events: AccessDeniedEvent[],
  settings: AuditRuleSettings = DEFAULT_AUDIT_RULE_SETTINGS,
): Map<string, AuditRisk> {
  const found = new Map<string, AuditRisk>();
  const { enabled, severity } = effective(
    ACCESS_DENIED_BURST_RULE.id,
    ACCESS_DENIED_BURST_RULE.severity,
    settings,
  );
  const { threshold, windowMinutes } = settings.accessDeniedBurst;
  if (!enabled || threshold < 1) return found;
  const windowMs = windowMinutes * 60_000;
  const byPrincipal = new Map<string, Array<{ id: string; t: number }>>();
  const seen = new Set<string>();
  for (const e of events) {
    if (!isAccessDeniedError(e.errorCode) || seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    const list = byPrincipal.get(e.principalKey) ?? [];
    list.push({ id: e.eventId, t: Date.parse(e.eventTime) });
    byPrincipal.set(e.principalKey, list);
  }
  for (const [principal, list] of byPrincipal) {
    list.sort((a, b) => a.t - b.t || a.id.localeCompare(b.id));
    let start = 0;
    for (let end = 0; end < list.length; end++) {
      while (list[end].t - list[start].t > windowMs) start++;
      const count = end - start + 1;
      if (count >= threshold) {
        found.set(list[end].id, {
          ruleId: ACCESS_DENIED_BURST_RULE.id,
          title: ACCESS_DENIED_BURST_RULE.title,
          severity,
          why: `${principal} was denied ${count} times within ${windowMinutes} minutes.`,
        });
      }
    }
  }
  return found;
}
