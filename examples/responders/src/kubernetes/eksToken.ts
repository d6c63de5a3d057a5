import { createHash, createHmac } from 'node:crypto';

/** AWS credentials as the Lambda runtime puts them in the environment. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

// RFC 3986 encoding, as SigV4's canonical query string wants it.
function encode(value: string) {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string) =>
  createHmac('sha256', key).update(text).digest();

/**
 * A bearer token for an EKS cluster's API server from the function's own IAM role, as
 * `aws eks get-token` makes it: an STS `GetCallerIdentity` URL presigned (SigV4, 60 s)
 * with the cluster name in the signed `x-k8s-aws-id` header, base64url-encoded after
 * `k8s-aws-v1.`. EKS verifies it with STS and maps the role through an access entry
 * (or aws-auth) to Kubernetes groups, so no long-lived Kubernetes secret is needed.
 */
export function eksToken(options: {
  clusterName: string;
  region: string;
  credentials: AwsCredentials;
  now?: Date;
}): string {
  const { clusterName, region, credentials } = options;
  const now = options.now ?? new Date();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const host = `sts.${region}.amazonaws.com`;
  const scope = `${date}/${region}/sts/aws4_request`;
  const signedHeaders = 'host;x-k8s-aws-id';

  const query: Record<string, string> = {
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': signedHeaders,
  };
  if (credentials.sessionToken) {
    query['X-Amz-Security-Token'] = credentials.sessionToken;
  }
  const canonicalQuery = Object.keys(query)
    .sort()
    .map(key => `${encode(key)}=${encode(query[key])}`)
    .join('&');
  const canonicalRequest = [
    'GET',
    '/',
    canonicalQuery,
    `host:${host}\nx-k8s-aws-id:${clusterName}\n`,
    signedHeaders,
    sha256(''),
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    sha256(canonicalRequest),
  ].join('\n');
  const dateKey = hmac(`AWS4${credentials.secretAccessKey}`, date);
  const key = hmac(hmac(hmac(dateKey, region), 'sts'), 'aws4_request');
  const signature = createHmac('sha256', key)
    .update(stringToSign)
    .digest('hex');
  const url = `https://${host}/?${canonicalQuery}&X-Amz-Signature=${signature}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}
