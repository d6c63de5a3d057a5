import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { eksToken } from './eksToken';

/** SHA-256 (or HMAC-SHA-256 with a secret) for the reference signer, on node:crypto. */
class Sha256 {
  private readonly key?: string | Buffer;
  private hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    if (typeof secret === 'string') {
      this.key = secret;
    } else if (secret && ArrayBuffer.isView(secret)) {
      this.key = Buffer.from(
        secret.buffer,
        secret.byteOffset,
        secret.byteLength,
      );
    } else if (secret) {
      this.key = Buffer.from(secret);
    }
    this.hash = this.create();
  }
  private create() {
    return this.key ? createHmac('sha256', this.key) : createHash('sha256');
  }
  update(data: Uint8Array | string) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {
    this.hash = this.create();
  }
}

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/token+with=chars',
};
const now = new Date('2026-12-07T09:15:30.000Z');

function decode(token: string) {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  const encoded = token.slice('k8s-aws-v1.'.length);
  expect(encoded).not.toMatch(/[=+/]/); // base64url without padding
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

describe('eksToken', () => {
  it('presigns STS GetCallerIdentity for the cluster, 60 seconds, with the signed cluster header', () => {
    const url = decode(
      eksToken({
        clusterName: 'demo-eks',
        region: 'eu-west-1',
        credentials,
        now,
      }),
    );

    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20261207/eu-west-1/sts/aws4_request',
      'X-Amz-Date': '20261207T091530Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Security-Token': credentials.sessionToken,
    });
  });

  it("signs exactly as the AWS SDK's SigV4 signer does", async () => {
    const reference = await new SignatureV4({
      credentials,
      region: 'eu-west-1',
      service: 'sts',
      sha256: Sha256,
    }).presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'sts.eu-west-1.amazonaws.com',
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: {
          host: 'sts.eu-west-1.amazonaws.com',
          'x-k8s-aws-id': 'demo-eks',
        },
      } as any,
      { expiresIn: 60, signingDate: now },
    );

    const url = decode(
      eksToken({
        clusterName: 'demo-eks',
        region: 'eu-west-1',
        credentials,
        now,
      }),
    );

    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      reference.query!['X-Amz-Signature'],
    );
  });

  it('changes with the cluster name (the header is signed)', () => {
    const a = decode(
      eksToken({ clusterName: 'a', region: 'eu-west-1', credentials, now }),
    );
    const b = decode(
      eksToken({ clusterName: 'b', region: 'eu-west-1', credentials, now }),
    );

    expect(a.searchParams.get('X-Amz-Signature')).not.toBe(
      b.searchParams.get('X-Amz-Signature'),
    );
  });
});
