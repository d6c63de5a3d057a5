import { parseEcrImage } from './ecrImage';

const HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const DIGEST =
  'sha256:02a8eec5757ba2168277ecc7edf7f36258e69d9ecbe12c305ff87472fb76b96d';

describe('parseEcrImage', () => {
  it('parses tags', () => {
    expect(parseEcrImage(`${HOST}/cart-service:latest`)).toEqual({
      accountId: '123456789012',
      region: 'eu-west-1',
      repositoryName: 'cart-service',
      tag: 'latest',
    });
    expect(parseEcrImage(`${HOST}/team/ledger-worker:2.3.0`)).toMatchObject({
      repositoryName: 'team/ledger-worker',
      tag: '2.3.0',
    });
  });

  it('parses digests, with or without a tag', () => {
    expect(parseEcrImage(`${HOST}/ledger-worker@${DIGEST}`)).toEqual({
      accountId: '123456789012',
      region: 'eu-west-1',
      repositoryName: 'ledger-worker',
      digest: DIGEST,
    });
    expect(parseEcrImage(`${HOST}/payments-api:1.14.2@${DIGEST}`)).toEqual({
      accountId: '123456789012',
      region: 'eu-west-1',
      repositoryName: 'payments-api',
      tag: '1.14.2',
      digest: DIGEST,
    });
  });

  it('defaults to latest without tag or digest', () => {
    expect(parseEcrImage(`${HOST}/fraud-scoring`)?.tag).toBe('latest');
  });

  it('handles other partitions and FIPS endpoints', () => {
    expect(
      parseEcrImage('210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1'),
    ).toMatchObject({ accountId: '210987654321', region: 'cn-north-1' });
    expect(
      parseEcrImage(
        '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/a:1',
      ),
    ).toMatchObject({ region: 'us-gov-west-1', repositoryName: 'a' });
  });

  it('rejects other images', () => {
    for (const image of [
      'nginx:1.27',
      'envoyproxy/envoy:v1.31.2',
      'ghcr.io/acme-commerce/notification-dispatcher:0.9.1',
      'public.ecr.aws/nginx/nginx:1.27',
      '12345.dkr.ecr.eu-west-1.amazonaws.com/app:1',
      `${HOST}/app@sha256:short`,
      `${HOST}/`,
      `${HOST}/App:1`,
      'evil.com/123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1',
    ]) {
      expect(parseEcrImage(image)).toBeUndefined();
    }
  });
});
