import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

interface AccessKey {
  id: string;
  status: 'Active' | 'Inactive';
}

/** An answer of the fake IAM endpoint: query-protocol XML. */
export interface FakeIamAnswer {
  status: number;
  xml: string;
}

function escapeXml(text: string) {
  return text.replace(/[<>&'"]/g, c => `&#${c.charCodeAt(0)};`);
}

function error(status: number, code: string, message: string): FakeIamAnswer {
  return {
    status,
    xml: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(
      message,
    )}</Message></Error><RequestId>demo</RequestId></ErrorResponse>`,
  };
}

/**
 * A tiny in-memory IAM for the demo: the IAM users and long-term access keys that the
 * example CloudTrail logs show (so a key a risky audit event names can be deactivated),
 * answering the two calls `cs-deactivate-access-key` makes, in IAM's query protocol.
 */
export class FakeIam {
  private readonly users = new Map<string, AccessKey[]>();

  constructor(keys: Array<{ userName: string; accessKeyId: string }>) {
    for (const { userName, accessKeyId } of keys) {
      const list = this.users.get(userName) ?? [];
      if (!list.some(k => k.id === accessKeyId)) {
        list.push({ id: accessKeyId, status: 'Active' });
      }
      this.users.set(userName, list);
    }
  }

  /** Reads the `userIdentity` of every record of every `.json.gz` log file under `folder`. */
  static async fromCloudTrail(folder: string): Promise<FakeIam> {
    const keys: Array<{ userName: string; accessKeyId: string }> = [];
    for (const file of await logFiles(folder)) {
      const log = JSON.parse(
        gunzipSync(await fs.readFile(file)).toString('utf8'),
      );
      for (const record of log.Records ?? []) {
        const identity = record.userIdentity;
        if (
          identity?.type === 'IAMUser' &&
          typeof identity.userName === 'string' &&
          /^AKIA[A-Z0-9]{12,}$/.test(identity.accessKeyId ?? '')
        ) {
          keys.push({
            userName: identity.userName,
            accessKeyId: identity.accessKeyId,
          });
        }
      }
    }
    return new FakeIam(keys);
  }

  snapshot() {
    return Object.fromEntries(
      [...this.users].map(([user, keys]) => [user, keys.map(k => ({ ...k }))]),
    );
  }

  /** One call: the form-encoded body the SDK posts. */
  handle(form: URLSearchParams): FakeIamAnswer {
    const action = form.get('Action');
    const userName = form.get('UserName') ?? '';
    const keys = this.users.get(userName);
    if (action !== 'ListAccessKeys' && action !== 'UpdateAccessKey') {
      return error(
        400,
        'InvalidAction',
        `The demo's fake IAM does not serve ${action}`,
      );
    }
    if (!keys) {
      return error(
        404,
        'NoSuchEntity',
        `The user with name ${userName} cannot be found.`,
      );
    }
    if (action === 'ListAccessKeys') {
      const members = keys
        .map(
          k =>
            `<member><UserName>${escapeXml(userName)}</UserName><AccessKeyId>${
              k.id
            }</AccessKeyId><Status>${
              k.status
            }</Status><CreateDate>2026-01-05T10:00:00Z</CreateDate></member>`,
        )
        .join('');
      return {
        status: 200,
        xml: `<ListAccessKeysResponse xmlns="${NS}"><ListAccessKeysResult><AccessKeyMetadata>${members}</AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult><ResponseMetadata><RequestId>demo</RequestId></ResponseMetadata></ListAccessKeysResponse>`,
      };
    }
    const key = keys.find(k => k.id === form.get('AccessKeyId'));
    const status = form.get('Status');
    if (!key) {
      return error(
        404,
        'NoSuchEntity',
        `The Access Key with id ${form.get('AccessKeyId')} cannot be found.`,
      );
    }
    if (status !== 'Active' && status !== 'Inactive') {
      return error(400, 'ValidationError', 'Status must be Active or Inactive');
    }
    key.status = status;
    return {
      status: 200,
      xml: `<UpdateAccessKeyResponse xmlns="${NS}"><ResponseMetadata><RequestId>demo</RequestId></ResponseMetadata></UpdateAccessKeyResponse>`,
    };
  }
}

async function logFiles(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await logFiles(path)));
    } else if (entry.name.endsWith('.json.gz')) {
      files.push(path);
    }
  }
  return files;
}
