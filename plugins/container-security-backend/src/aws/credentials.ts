import { Config } from '@backstage/config';
import {
  AwsCredentialProvider,
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

/**
 * What an AWS SDK v3 client takes as `credentials`.
 *
 * @public
 */
export type AwsSdkCredentials = AwsCredentialProvider['sdkCredentialProvider'];

/**
 * The one way the plugin gets AWS credentials: Backstage's AWS integration (the `aws`
 * config block with its accounts, role assumption and default chain), never keys in
 * our own config. Providers are cached per account so that every client for the same
 * account shares one (and its refresh of assumed-role sessions).
 *
 * @public
 */
export class AwsCredentials {
  private readonly providers = new Map<string, Promise<AwsSdkCredentials>>();

  /** Reads the root config's `aws` block. */
  static fromConfig(config: Config): AwsCredentials {
    return new AwsCredentials(DefaultAwsCredentialsManager.fromConfig(config));
  }

  /** Credentials that never change, for local fakes (benchmarks, tests). */
  static static(credentials: {
    accessKeyId: string;
    secretAccessKey: string;
  }): AwsCredentials {
    return new AwsCredentials({
      getCredentialProvider: async () => ({
        sdkCredentialProvider: async () => credentials,
      }),
    });
  }

  constructor(private readonly manager: AwsCredentialsManager) {}

  /**
   * The SDK credentials for an account; without an account id, the integration's main
   * account or default chain. A failed lookup is not cached, so a fixed config or a
   * recovered STS endpoint is picked up on the next call.
   */
  forAccount(accountId?: string): Promise<AwsSdkCredentials> {
    const key = accountId ?? '';
    let provider = this.providers.get(key);
    if (!provider) {
      provider = this.manager
        .getCredentialProvider(accountId ? { accountId } : {})
        .then(p => p.sdkCredentialProvider);
      provider.catch(() => this.providers.delete(key));
      this.providers.set(key, provider);
    }
    return provider;
  }

  /** Client options for one account and region: `new XClient(await creds.clientConfig(...))`. */
  async clientConfig(target: {
    accountId?: string;
    region: string;
    endpoint?: string;
  }): Promise<{
    region: string;
    credentials: AwsSdkCredentials;
    endpoint?: string;
  }> {
    return {
      region: target.region,
      credentials: await this.forAccount(target.accountId),
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    };
  }
}
