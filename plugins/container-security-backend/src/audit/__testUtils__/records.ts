import { CloudTrailRecord } from '@containersec/plugin-container-security-node';

/** A CloudTrail record of an IRSA role session (the shape of real EKS pod calls). */
export function roleCall(
  i: number,
  overrides: Partial<CloudTrailRecord> = {},
): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    eventID: `evt-${String(i).padStart(6, '0')}`,
    eventTime: new Date(
      Date.parse('2026-11-20T00:00:00Z') + i * 1000,
    ).toISOString(),
    eventName: 'GetObject',
    eventSource: 's3.amazonaws.com',
    awsRegion: 'eu-west-1',
    recipientAccountId: '111122223333',
    sourceIPAddress: '10.0.12.7',
    userAgent: 'aws-sdk-js/3.600.0',
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/payments-api/botocore-session-1',
      accountId: '111122223333',
      principalId: 'AROAEXAMPLE:botocore-session-1',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: 'arn:aws:iam::111122223333:role/irsa/payments-api',
          userName: 'payments-api',
        },
        attributes: { mfaAuthenticated: 'false' },
      },
    },
    requestParameters: { bucketName: 'payments-receipts' },
    ...overrides,
  };
}
