import { getEntityAwsResources } from '@containersec/plugin-container-security-common';
import { normalizeCloudTrailRecord } from './normalizeRecord';
import { entityResourceKeys } from './resourceKeys';
import {
  allFixtureRecords,
  fixtureRecord,
  modified,
} from './__testUtils__/fixtureRecords';

describe('normalizeCloudTrailRecord', () => {
  it('normalises every public fixture record', () => {
    const events = allFixtureRecords().map(r =>
      normalizeCloudTrailRecord(r, 'test'),
    );
    expect(events.every(Boolean)).toBe(true);
    // 31 and 32 are two AWS doc examples that share one eventID; every other id is unique.
    expect(new Set(events.map(e => e!.eventId)).size).toBe(events.length - 1);
    expect(events[30]!.eventId).toBe(events[31]!.eventId);
  });

  it('reads who, from where and MFA from a console sign-in (12)', () => {
    const event = normalizeCloudTrailRecord(fixtureRecord(12), 'test')!;
    expect(event).toMatchObject({
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      mfaUsed: false,
      principal: {
        type: 'IAMUser',
        name: 'stratus-red-team-nmfalu-jfzdtsvchl',
      },
    });
    expect(event.sourceIp).toBeDefined();
    expect(normalizeCloudTrailRecord(fixtureRecord(32), 't')!.mfaUsed).toBe(
      true,
    );
  });

  it('keys the role acting for an assumed-role session (26) so IRSA calls map to the service', () => {
    const event = normalizeCloudTrailRecord(fixtureRecord(26), 'test')!;
    expect(event.principal.roleArn).toMatch(/:role\//);
    expect(event.principal.name).toBe(
      'stratus-red-team-ec2-steal-credentials-role/i-786a3A8B5C0d92eF4',
    );
    expect(event.resourceKeys).toContain(
      'iam-role:017622104382:stratus-red-team-ec2-steal-credentials-role',
    );
  });

  it('keys request parameters that name resources (18: roleName)', () => {
    const event = normalizeCloudTrailRecord(fixtureRecord(18), 'test')!;
    expect(event.resourceKeys).toContain(
      'iam-role:609418236337:stratus-red-team-malicious-iam-role',
    );
    expect(event.resourceKeys).toContain(
      'arn:arn:aws:iam::aws:policy/AdministratorAccess',
    );
  });

  it('matches the keys an entity annotation derives (synthesized ECR and EKS events from 16)', () => {
    const resources = getEntityAwsResources({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments-api',
        annotations: {
          'aws.container-security.io/account-id': '229654561268',
          'aws.container-security.io/eks-cluster': 'prod',
          'aws.container-security.io/ecr-repositories': 'payments/api',
          'aws.container-security.io/iam-roles':
            'arn:aws:iam::229654561268:role/irsa/payments-api',
          'aws.container-security.io/arns': 'arn:aws:s3:::payments-receipts',
        },
      },
    });
    const entityKeys = entityResourceKeys(resources);
    expect(entityKeys).toEqual([
      'ecr:229654561268:payments/api',
      'eks:229654561268:prod',
      'iam-role:229654561268:payments-api',
      's3:payments-receipts',
    ]);
    const events = [
      modified(16, r => {
        r.eventSource = 'ecr.amazonaws.com';
        r.eventName = 'PutImage';
        r.requestParameters = { repositoryName: 'payments/api' };
      }),
      modified(16, r => {
        r.eventSource = 'eks.amazonaws.com';
        r.eventName = 'UpdateClusterConfig';
        r.requestParameters = { name: 'prod' };
      }),
      modified(16, r => {
        r.eventSource = 's3.amazonaws.com';
        r.eventName = 'GetObject';
        r.requestParameters = null;
        r.resources = [{ ARN: 'arn:aws:s3:::payments-receipts/2024/r.pdf' }];
      }),
    ].map(r => normalizeCloudTrailRecord(r, 'test')!);
    for (const event of events) {
      expect(event.resourceKeys.some(k => entityKeys.includes(k))).toBe(true);
    }
    // The same repository name in another account is another repository.
    const elsewhere = normalizeCloudTrailRecord(
      modified(16, r => {
        r.eventSource = 'ecr.amazonaws.com';
        r.recipientAccountId = '999999999999';
        r.requestParameters = { repositoryName: 'payments/api' };
      }),
      'test',
    )!;
    expect(elsewhere.resourceKeys.some(k => entityKeys.includes(k))).toBe(
      false,
    );
  });

  it('derives a stable id for a record without one (37-39 are AWS doc examples without eventID)', () => {
    const a = normalizeCloudTrailRecord(fixtureRecord(37), 't')!;
    expect(a.eventId).toMatch(/^sha256-[0-9a-f]{32}$/);
    expect(normalizeCloudTrailRecord(fixtureRecord(37), 'u')!.eventId).toBe(
      a.eventId,
    );
    expect(normalizeCloudTrailRecord(fixtureRecord(38), 't')!.eventId).not.toBe(
      a.eventId,
    );
  });

  it('drops a record without a time', () => {
    expect(
      normalizeCloudTrailRecord(
        modified(1, r => (r.eventTime = 'yesterday')),
        't',
      ),
    ).toBeUndefined();
  });
});
