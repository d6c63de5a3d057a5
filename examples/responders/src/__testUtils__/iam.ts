import { IAMClient } from '@aws-sdk/client-iam';
import { http, HttpResponse } from 'msw';

/** IAM is a global service: every region's client calls this endpoint. */
export const IAM_ENDPOINT = 'https://iam.amazonaws.com/';
const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function testIamClient() {
  return new IAMClient({
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'test-caller-key',
      secretAccessKey: 'test-secret',
    },
    // A failure should surface at once in a test, not after the SDK's backoff.
    maxAttempts: 1,
  });
}

function xml(body: string, status = 200) {
  return new HttpResponse(body, {
    status,
    headers: { 'content-type': 'text/xml' },
  });
}

export function listAccessKeysResponse(
  userName: string,
  keys: Array<{ id: string; status: 'Active' | 'Inactive' }>,
) {
  const members = keys
    .map(
      key => `
      <member>
        <UserName>${userName}</UserName>
        <AccessKeyId>${key.id}</AccessKeyId>
        <Status>${key.status}</Status>
        <CreateDate>2025-03-14T09:26:53Z</CreateDate>
      </member>`,
    )
    .join('');
  return xml(`<ListAccessKeysResponse xmlns="${NS}">
  <ListAccessKeysResult>
    <AccessKeyMetadata>${members}
    </AccessKeyMetadata>
    <IsTruncated>false</IsTruncated>
  </ListAccessKeysResult>
  <ResponseMetadata>
    <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
  </ResponseMetadata>
</ListAccessKeysResponse>`);
}

export function updateAccessKeyResponse() {
  return xml(`<UpdateAccessKeyResponse xmlns="${NS}">
  <ResponseMetadata>
    <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
  </ResponseMetadata>
</UpdateAccessKeyResponse>`);
}

export function iamError(status: number, code: string, message: string) {
  return xml(
    `<ErrorResponse xmlns="${NS}">
  <Error>
    <Type>Sender</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>4b1f2c3d-0000-4e5f-8a9b-0c1d2e3fEXAMPLE</RequestId>
</ErrorResponse>`,
    status,
  );
}

/** Each IAM call on the wire: the query protocol's form-encoded body, decoded. */
export interface IamCall {
  action: string | null;
  params: Record<string, string>;
}

/** Serve IAM: each call is recorded and answered by `answer(call)`. */
export function serveIam(answer: (call: IamCall) => Response) {
  const calls: IamCall[] = [];
  const handler = http.post(IAM_ENDPOINT, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    const call = {
      action: form.get('Action'),
      params: Object.fromEntries(form),
    };
    calls.push(call);
    return answer(call);
  });
  return { handler, calls };
}
