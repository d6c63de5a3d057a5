import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsCredentials } from './credentials';

describe('AwsCredentials', () => {
  it('asks the integration once per account and hands the provider to clients', async () => {
    const calls: unknown[] = [];
    const manager: AwsCredentialsManager = {
      getCredentialProvider: async options => {
        calls.push(options);
        return {
          accountId: options?.accountId,
          sdkCredentialProvider: async () => ({
            accessKeyId: `key-${options?.accountId ?? 'default'}`,
            secretAccessKey: 'not-a-secret',
          }),
        };
      },
    };
    const credentials = new AwsCredentials(manager);
    const a = await credentials.forAccount('111122223333');
    const again = await credentials.forAccount('111122223333');
    const fallback = await credentials.forAccount();
    expect(a).toBe(again);
    expect(calls).toEqual([{ accountId: '111122223333' }, {}]);
    expect((await fallback()).accessKeyId).toBe('key-default');

    const clientConfig = await credentials.clientConfig({
      accountId: '111122223333',
      region: 'eu-west-1',
    });
    expect(clientConfig.region).toBe('eu-west-1');
    expect(clientConfig).not.toHaveProperty('endpoint');
    expect((await clientConfig.credentials()).accessKeyId).toBe(
      'key-111122223333',
    );
  });

  it('does not cache a failed lookup', async () => {
    let fail = true;
    const credentials = new AwsCredentials({
      getCredentialProvider: async () => {
        if (fail) throw new Error('no such account in the aws config');
        return {
          sdkCredentialProvider: async () => ({
            accessKeyId: 'k',
            secretAccessKey: 's',
          }),
        };
      },
    });
    await expect(credentials.forAccount('111122223333')).rejects.toThrow(
      'no such account',
    );
    fail = false;
    await expect(credentials.forAccount('111122223333')).resolves.toBeDefined();
  });
});
