import { AuditEvent } from '@containersec/plugin-container-security-common';

/** An IRSA role session's event, with overridable fields. */
export const auditEvent = (
  eventId: string,
  overrides: Partial<AuditEvent> = {},
): AuditEvent => ({
  eventId,
  eventTime: '2026-11-20T10:00:00.000Z',
  eventName: 'GetCallerIdentity',
  eventSource: 'sts.amazonaws.com',
  accountId: '111122223333',
  region: 'eu-west-1',
  principal: {
    type: 'AssumedRole',
    name: 'payments-api/i-786a3A8B5C0d92eF4',
    arn: 'arn:aws:sts::111122223333:assumed-role/payments-api/i-786a3A8B5C0d92eF4',
    roleArn: 'arn:aws:iam::111122223333:role/irsa/payments-api',
  },
  sourceIp: '10.0.12.7',
  userAgent: 'aws-cli/2 <img src=x onerror=alert(1)>',
  mfaUsed: false,
  resources: [],
  risks: [],
  source: 'cloudtrail-logs:demo',
  ...overrides,
});
