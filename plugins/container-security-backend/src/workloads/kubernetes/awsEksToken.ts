import { Sha256 } from '@aws-crypto/sha256-js';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { SignatureV4 } from '@smithy/signature-v4';

const DEFAULT_REGION = 'us-east-1';

/**
 * An EKS bearer token: a presigned STS `GetCallerIdentity` url that names the cluster
 * in the signed `x-k8s-aws-id` header, as `aws eks get-token` and the Kubernetes
 * plugin's AwsIamStrategy make it. The signing is local; only `assumeRole` calls STS.
 * The token is a secret: never log it or put it in a message.
 */
export async function getEksBearerToken(options: {
  credentialsManager: AwsCredentialsManager;
  clusterId: string;
  assumeRole?: string;
  externalId?: string;
  region?: string;
}): Promise<string> {
  const { credentialsManager, clusterId, assumeRole, externalId } = options;
  const region = options.region ?? process.env.AWS_REGION ?? DEFAULT_REGION;

  let masterCredentials;
  if (assumeRole) {
    try {
      masterCredentials = (
        await credentialsManager.getCredentialProvider({ arn: assumeRole })
      ).sdkCredentialProvider;
    } catch (error) {
      // The role's account has no AWS integration: assume it from the main account.
      if (
        !(error instanceof Error) ||
        !error.message.includes('There is no AWS integration that matches')
      ) {
        throw error;
      }
      masterCredentials = (await credentialsManager.getCredentialProvider())
        .sdkCredentialProvider;
    }
  } else {
    masterCredentials = (await credentialsManager.getCredentialProvider())
      .sdkCredentialProvider;
  }
  const credentials = assumeRole
    ? fromTemporaryCredentials({
        masterCredentials,
        clientConfig: { region },
        params: { RoleArn: assumeRole, ExternalId: externalId },
      })
    : masterCredentials;

  const signer = new SignatureV4({
    credentials,
    region,
    service: 'sts',
    sha256: Sha256,
  });
  const hostname = `sts.${region}.amazonaws.com`;
  const request = await signer.presign(
    {
      headers: { host: hostname, 'x-k8s-aws-id': clusterId },
      hostname,
      method: 'GET',
      path: '/',
      protocol: 'https:',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    },
    { expiresIn: 60 },
  );
  const query = Object.entries(request.query ?? {})
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`,
    )
    .join('&');
  const url = `https://${request.hostname}${request.path}?${query}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}
