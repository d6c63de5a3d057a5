import { Entity } from '@backstage/catalog-model';
import {
  AWS_ANNOTATIONS,
  getEntityAwsResources,
  hasAwsAnnotations,
  parseArn,
} from './annotations';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
  };
}

describe('parseArn', () => {
  it('splits an ARN, keeping colons inside the resource', () => {
    expect(
      parseArn('arn:aws:logs:eu-west-1:111122223333:log-group:/aws/eks:*'),
    ).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'eu-west-1',
      accountId: '111122223333',
      resource: 'log-group:/aws/eks:*',
    });
    expect(parseArn('arn:aws:s3:::bucket-a')?.resource).toBe('bucket-a');
  });

  it('rejects text that is not an ARN', () => {
    expect(parseArn('payments-api')).toBeUndefined();
    expect(parseArn('arn:aws:s3:::')).toBeUndefined();
  });
});

describe('getEntityAwsResources', () => {
  it('reads every annotation', () => {
    const resources = getEntityAwsResources(
      entity({
        [AWS_ANNOTATIONS.accountId]: '111122223333',
        [AWS_ANNOTATIONS.region]: 'eu-west-1',
        [AWS_ANNOTATIONS.eksCluster]:
          'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
        [AWS_ANNOTATIONS.iamRoles]:
          'arn:aws:iam::111122223333:role/irsa/payments-api , arn:aws:iam::111122223333:role/payments-migrate',
        [AWS_ANNOTATIONS.ecrRepositories]:
          'payments/api, arn:aws:ecr:eu-west-1:111122223333:repository/payments/worker',
        [AWS_ANNOTATIONS.arns]: 'arn:aws:s3:::payments-receipts',
      }),
    );
    expect(resources).toEqual({
      accountId: '111122223333',
      region: 'eu-west-1',
      eksCluster: 'prod',
      eksClusterArn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
      iamRoleArns: [
        'arn:aws:iam::111122223333:role/irsa/payments-api',
        'arn:aws:iam::111122223333:role/payments-migrate',
      ],
      iamRoleNames: ['payments-api', 'payments-migrate'],
      ecrRepositories: ['payments/api', 'payments/worker'],
      arns: ['arn:aws:s3:::payments-receipts'],
      invalid: [],
    });
  });

  it('takes account and region from ARNs when not annotated', () => {
    const resources = getEntityAwsResources(
      entity({
        [AWS_ANNOTATIONS.iamRoles]: 'arn:aws:iam::444455556666:role/r',
        [AWS_ANNOTATIONS.ecrRepositories]:
          'arn:aws:ecr:us-east-2:444455556666:repository/r',
      }),
    );
    expect(resources.accountId).toBe('444455556666');
    expect(resources.region).toBe('us-east-2');
  });

  it('lists values it does not understand instead of throwing', () => {
    const resources = getEntityAwsResources(
      entity({
        [AWS_ANNOTATIONS.accountId]: '1234',
        [AWS_ANNOTATIONS.region]: 'Mars',
        [AWS_ANNOTATIONS.eksCluster]: 'arn:aws:s3:::not-a-cluster',
        [AWS_ANNOTATIONS.iamRoles]: 'payments-api',
        [AWS_ANNOTATIONS.ecrRepositories]: 'Payments/API',
        [AWS_ANNOTATIONS.arns]: 'bucket',
      }),
    );
    expect(resources.accountId).toBeUndefined();
    expect(resources.region).toBeUndefined();
    expect(resources.eksCluster).toBeUndefined();
    expect(resources.iamRoleArns).toEqual([]);
    expect(resources.ecrRepositories).toEqual([]);
    expect(resources.arns).toEqual([]);
    expect(resources.invalid).toHaveLength(6);
  });

  it('returns empty lists for an entity without annotations', () => {
    const e = entity({});
    expect(hasAwsAnnotations(e)).toBe(false);
    expect(getEntityAwsResources(e)).toEqual({
      iamRoleArns: [],
      iamRoleNames: [],
      ecrRepositories: [],
      arns: [],
      invalid: [],
    });
    expect(
      hasAwsAnnotations(entity({ [AWS_ANNOTATIONS.region]: 'eu-west-1' })),
    ).toBe(true);
  });
});
