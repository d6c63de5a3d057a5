import { ConfigReader } from '@backstage/config';
import { normalizeCloudTrailRecord } from './normalizeRecord';
import { readAuditRuleSettings } from './readAuditRuleSettings';
import {
  AuditRuleSettings,
  DEFAULT_AUDIT_RULE_SETTINGS,
  evaluateAuditEvent,
  findAccessDeniedBursts,
} from './rules';
import { CloudTrailRecord } from './types';
import { fixtureRecord, modified } from './__testUtils__/fixtureRecords';

function firedRules(
  record: CloudTrailRecord,
  settings: AuditRuleSettings = DEFAULT_AUDIT_RULE_SETTINGS,
): string[] {
  const event = normalizeCloudTrailRecord(record, 'test');
  if (!event) throw new Error('record did not normalise');
  return evaluateAuditEvent(event, settings).map(r => r.ruleId);
}

// Line numbers are those of ../shared/fixtures/cloudtrail/records.jsonl (SOURCES.md).
describe('risky-event rules', () => {
  describe('logging-disabled', () => {
    it.each([
      [1, 'StopLogging'],
      [2, 'DeleteTrail'],
      [3, 'PutEventSelectors without management events'],
      [7, 'DeleteFlowLogs'],
    ])('fires on fixture %p (%s)', line => {
      expect(firedRules(fixtureRecord(line))).toContain('logging-disabled');
    });

    it('does not fire on StartLogging (36) or a failed UpdateTrail (40)', () => {
      expect(firedRules(fixtureRecord(36))).not.toContain('logging-disabled');
      expect(firedRules(fixtureRecord(40))).not.toContain('logging-disabled');
    });

    it('fires on a successful UpdateTrail that turns multi-region off (synthesized from 40)', () => {
      const narrowed = modified(40, r => {
        delete r.errorCode;
        delete r.errorMessage;
        r.requestParameters = { name: 'myTrail2', isMultiRegionTrail: false };
      });
      expect(firedRules(narrowed)).toContain('logging-disabled');
      const harmless = modified(40, r => {
        delete r.errorCode;
        r.requestParameters = { name: 'myTrail2', isMultiRegionTrail: true };
      });
      expect(firedRules(harmless)).not.toContain('logging-disabled');
    });
  });

  describe('console-login-without-mfa', () => {
    it.each([12, 27, 31])('fires on fixture %p', line => {
      expect(firedRules(fixtureRecord(line))).toContain(
        'console-login-without-mfa',
      );
    });
    it.each([28, 29, 32])('does not fire on the MFA sign-in %p', line => {
      expect(firedRules(fixtureRecord(line))).not.toContain(
        'console-login-without-mfa',
      );
    });
  });

  describe('root-activity', () => {
    it.each([31, 32, 34, 35])('fires on root fixture %p', line => {
      expect(firedRules(fixtureRecord(line))).toContain('root-activity');
    });
    it('does not fire for an IAM user (27) or a service acting for root (synthesized from 34)', () => {
      expect(firedRules(fixtureRecord(27))).not.toContain('root-activity');
      const byService = modified(34, r => {
        r.userIdentity!.invokedBy = 'support.amazonaws.com';
      });
      expect(firedRules(byService)).not.toContain('root-activity');
    });
  });

  describe('access-key-created', () => {
    it('fires on CreateAccessKey (14)', () => {
      expect(firedRules(fixtureRecord(14))).toEqual(['access-key-created']);
    });
    it('does not fire on CreateUser (15) or a denied CreateAccessKey (synthesized from 14)', () => {
      expect(firedRules(fixtureRecord(15))).toEqual([]);
      const denied = modified(14, r => {
        r.errorCode = 'AccessDenied';
        r.responseElements = null;
      });
      expect(firedRules(denied)).toEqual([]);
    });
  });

  describe('admin-policy-granted', () => {
    it.each([16, 18])('fires on AdministratorAccess attached (%p)', line => {
      expect(firedRules(fixtureRecord(line))).toEqual(['admin-policy-granted']);
    });
    it('does not fire on CreateRole (17) or a read-only managed policy (synthesized from 18)', () => {
      expect(firedRules(fixtureRecord(17))).toEqual([]);
      const readOnly = modified(18, r => {
        r.requestParameters!.policyArn =
          'arn:aws:iam::aws:policy/ReadOnlyAccess';
      });
      expect(firedRules(readOnly)).toEqual([]);
    });
    it('fires on an inline wildcard policy and not on a scoped one (synthesized from 18)', () => {
      const inline = (statement: object) =>
        modified(18, r => {
          r.eventName = 'PutRolePolicy';
          r.requestParameters = {
            roleName: 'payments-api',
            policyName: 'p',
            policyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', ...statement }],
            }),
          };
        });
      expect(firedRules(inline({ Action: '*', Resource: '*' }))).toEqual([
        'admin-policy-granted',
      ]);
      // CloudTrail sometimes records policy documents URL-encoded.
      const encoded = modified(18, r => {
        r.eventName = 'CreatePolicyVersion';
        r.requestParameters = {
          policyArn: 'arn:aws:iam::609418236337:policy/p',
          policyDocument: encodeURIComponent(
            JSON.stringify({
              Statement: { Effect: 'Allow', Action: ['*'], Resource: ['*'] },
            }),
          ),
        };
      });
      expect(firedRules(encoded)).toEqual(['admin-policy-granted']);
      expect(
        firedRules(inline({ Action: 's3:GetObject', Resource: '*' })),
      ).toEqual([]);
      expect(
        firedRules(
          inline({ Action: '*', Resource: 'arn:aws:s3:::payments-receipts/*' }),
        ),
      ).toEqual([]);
    });
  });

  describe('security-group-open-to-internet', () => {
    it('fires on port 22 opened to a /0 range (8; the anonymiser rewrote 0.0.0.0/0 but kept /0)', () => {
      expect(firedRules(fixtureRecord(8))).toEqual([
        'security-group-open-to-internet',
      ]);
    });
    it('fires on ::/0 in ipPermissions and not on a private range (synthesized from 8)', () => {
      const ipv6 = modified(8, r => {
        r.requestParameters = {
          groupId: 'sg-1',
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 443,
                ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] },
                ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] },
              },
            ],
          },
        };
      });
      expect(firedRules(ipv6)).toEqual(['security-group-open-to-internet']);
      const internal = modified(8, r => {
        r.requestParameters!.cidrIp = '10.0.0.0/8';
      });
      expect(firedRules(internal)).toEqual([]);
    });
  });

  describe('s3-bucket-public (no public fixture record: synthesized from 16)', () => {
    const s3 = (
      eventName: string,
      requestParameters: Record<string, unknown>,
    ) =>
      modified(16, r => {
        r.eventSource = 's3.amazonaws.com';
        r.eventName = eventName;
        r.requestParameters = {
          bucketName: 'payments-receipts',
          ...requestParameters,
        };
      });
    const policy = (principal: unknown, condition?: object) => ({
      bucketPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: principal,
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::payments-receipts/*',
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      },
    });
    it.each([
      ['PutBucketPolicy', policy('*')],
      ['PutBucketPolicy', policy({ AWS: ['*'] })],
      [
        'PutBucketAcl',
        {
          AccessControlPolicy: {
            AccessControlList: {
              Grant: [
                {
                  Grantee: {
                    URI: 'http://acs.amazonaws.com/groups/global/AllUsers',
                  },
                  Permission: 'READ',
                },
              ],
            },
          },
        },
      ],
      ['DeleteBucketPublicAccessBlock', {}],
      [
        'PutBucketPublicAccessBlock',
        {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: false,
            RestrictPublicBuckets: true,
          },
        },
      ],
    ])('fires on %s', (name, parameters) => {
      expect(firedRules(s3(name, parameters))).toEqual(['s3-bucket-public']);
    });
    it.each([
      ['PutBucketPolicy', policy({ AWS: 'arn:aws:iam::111122223333:root' })],
      [
        'PutBucketPolicy',
        policy('*', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }),
      ],
      ['PutBucketAcl', { 'x-amz-acl': 'private' }],
      [
        'PutBucketPublicAccessBlock',
        {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        },
      ],
    ])('does not fire on a private %s', (name, parameters) => {
      expect(firedRules(s3(name, parameters))).toEqual([]);
    });
  });

  describe('ecr-repository-public (synthesized from 16)', () => {
    const setPolicy = (principal: unknown) =>
      modified(16, r => {
        r.eventSource = 'ecr.amazonaws.com';
        r.eventName = 'SetRepositoryPolicy';
        r.requestParameters = {
          repositoryName: 'payments/api',
          policyText: JSON.stringify({
            Statement: [
              {
                Effect: 'Allow',
                Principal: principal,
                Action: ['ecr:BatchGetImage'],
              },
            ],
          }),
        };
      });
    it('fires on Principal "*"', () => {
      expect(firedRules(setPolicy('*'))).toEqual(['ecr-repository-public']);
    });
    it('does not fire on a named account', () => {
      expect(
        firedRules(setPolicy({ AWS: 'arn:aws:iam::444455556666:root' })),
      ).toEqual([]);
    });
  });

  describe('kms-key-disabled (synthesized from 16)', () => {
    const kms = (eventName: string) =>
      modified(16, r => {
        r.eventSource = 'kms.amazonaws.com';
        r.eventName = eventName;
        r.requestParameters = { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' };
      });
    it.each(['DisableKey', 'ScheduleKeyDeletion'])('fires on %s', name => {
      expect(firedRules(kms(name))).toEqual(['kms-key-disabled']);
    });
    it('does not fire on EnableKey', () => {
      expect(firedRules(kms('EnableKey'))).toEqual([]);
    });
  });

  describe('eks-endpoint-public (synthesized from 16)', () => {
    const update = (endpointPublicAccess: boolean) =>
      modified(16, r => {
        r.eventSource = 'eks.amazonaws.com';
        r.eventName = 'UpdateClusterConfig';
        r.requestParameters = {
          name: 'prod',
          resourcesVpcConfig: {
            endpointPublicAccess,
            endpointPrivateAccess: true,
          },
        };
      });
    it('fires when the endpoint is made public', () => {
      expect(firedRules(update(true))).toEqual(['eks-endpoint-public']);
    });
    it('does not fire when it is made private', () => {
      expect(firedRules(update(false))).toEqual([]);
    });
  });

  describe('access-denied-burst (copies of the AccessDenied record 5)', () => {
    const denials = (
      count: number,
      spacingSeconds: number,
      principal?: string,
    ) =>
      Array.from({ length: count }, (_, i) => {
        const event = normalizeCloudTrailRecord(
          modified(5, r => {
            r.eventID = `denied-${principal ?? 'a'}-${i}`;
            r.eventTime = new Date(
              Date.parse('2024-08-02T08:30:00Z') + i * spacingSeconds * 1000,
            ).toISOString();
            if (principal) r.userIdentity!.arn = principal;
          }),
          'test',
        )!;
        return event;
      });

    it('fires on the tenth denial by one principal within five minutes', () => {
      const bursts = findAccessDeniedBursts(denials(11, 20));
      expect([...bursts.keys()]).toEqual(['denied-a-9', 'denied-a-10']);
      expect(bursts.get('denied-a-9')?.why).toContain('denied 10 times');
    });

    it('does not fire below the threshold, spread beyond the window, or across principals', () => {
      expect(findAccessDeniedBursts(denials(9, 20)).size).toBe(0);
      expect(findAccessDeniedBursts(denials(12, 60)).size).toBe(0);
      const mixed = [
        ...denials(5, 10, 'arn:aws:iam::1:user/a'),
        ...denials(5, 10, 'arn:aws:iam::1:user/b'),
      ];
      expect(findAccessDeniedBursts(mixed).size).toBe(0);
    });

    it('counts EC2 Client.UnauthorizedOperation (24) and not successful calls (26)', () => {
      const unauthorized = Array.from(
        { length: 3 },
        (_, i) =>
          normalizeCloudTrailRecord(
            modified(24, r => {
              r.eventID = `u${i}`;
            }),
            'test',
          )!,
      );
      const settings = {
        ...DEFAULT_AUDIT_RULE_SETTINGS,
        accessDeniedBurst: { threshold: 3, windowMinutes: 5 },
      };
      expect(findAccessDeniedBursts(unauthorized, settings).size).toBe(1);
      const ok = Array.from(
        { length: 3 },
        (_, i) =>
          normalizeCloudTrailRecord(
            modified(26, r => {
              r.eventID = `ok${i}`;
            }),
            'test',
          )!,
      );
      expect(findAccessDeniedBursts(ok, settings).size).toBe(0);
    });
  });

  describe('settings', () => {
    it('switches rules off and overrides severity and burst parameters from config', () => {
      const settings = readAuditRuleSettings(
        new ConfigReader({
          containerSecurity: {
            audit: {
              rules: [
                { id: 'root-activity', enabled: false },
                { id: 'console-login-without-mfa', severity: 'critical' },
              ],
              accessDeniedBurst: { threshold: 2, windowMinutes: 1 },
            },
          },
        }),
      );
      const event = normalizeCloudTrailRecord(fixtureRecord(31), 'test')!;
      expect(evaluateAuditEvent(event, settings)).toEqual([
        expect.objectContaining({
          ruleId: 'console-login-without-mfa',
          severity: 'critical',
        }),
      ]);
      expect(settings.accessDeniedBurst).toEqual({
        threshold: 2,
        windowMinutes: 1,
      });
    });

    it('refuses unknown rules and severities', () => {
      const read = (rule: object) => () =>
        readAuditRuleSettings(
          new ConfigReader({ containerSecurity: { audit: { rules: [rule] } } }),
        );
      expect(read({ id: 'no-such-rule' })).toThrow('Unknown rule');
      expect(read({ id: 'root-activity', severity: 'urgent' })).toThrow(
        'Invalid severity',
      );
    });
  });
});
