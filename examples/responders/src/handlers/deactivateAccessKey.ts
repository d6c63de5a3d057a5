import {
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { consoleLog, ResponderLog } from '../log';
import { InvalidPayloadError, parsePayload, ResponderAnswer } from '../payload';

// Long-term keys start AKIA; ASIA keys are STS session credentials, which IAM cannot
// deactivate (revoke the role's sessions instead), so they are refused up front.
const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{12,124}$/;
const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export interface DeactivateAccessKeyDeps {
  /** Defaults to an `IAMClient` with the function's own role (the default chain). */
  iam?: IAMClient;
  log?: ResponderLog;
}

/**
 * `cs-deactivate-access-key`: set the IAM user's access key to `Inactive`, the reversible
 * step (deleting it is not). The key id is not a secret, but only its last four
 * characters are logged, as the IAM console shows it.
 *
 * Idempotent: a key already `Inactive` answers `already-done` and nothing is written.
 */
export function createDeactivateAccessKeyHandler(
  deps: DeactivateAccessKeyDeps = {},
) {
  const log = deps.log ?? consoleLog;
  let iam = deps.iam;
  return async function deactivateAccessKey(
    event: unknown,
  ): Promise<ResponderAnswer> {
    const payload = parsePayload(event);
    const { accessKeyId, userName } = payload.target;
    if (typeof accessKeyId !== 'string' || accessKeyId.startsWith('ASIA')) {
      throw new InvalidPayloadError(
        'target.accessKeyId: expected a long-term IAM access key id (AKIA…); temporary (ASIA…) credentials cannot be deactivated',
      );
    }
    if (!ACCESS_KEY_ID.test(accessKeyId)) {
      throw new InvalidPayloadError(
        'target.accessKeyId: expected an IAM access key id (AKIA followed by capital letters and digits)',
      );
    }
    if (typeof userName !== 'string' || !USER_NAME.test(userName)) {
      throw new InvalidPayloadError(
        'target.userName: expected the IAM user name that owns the key',
      );
    }
    iam ??= new IAMClient({});
    const key = payload.idempotencyKey;
    const shown = `…${accessKeyId.slice(-4)}`;

    // ListAccessKeys pages at 100, and a user holds at most two keys: one page suffices.
    const listed = await iam.send(
      new ListAccessKeysCommand({ UserName: userName }),
    );
    const found = listed.AccessKeyMetadata?.find(
      metadata => metadata.AccessKeyId === accessKeyId,
    );
    if (!found) {
      throw new Error(
        `access key ${shown} does not belong to IAM user ${userName}`,
      );
    }
    if (found.Status === 'Inactive') {
      log('already inactive', { key, userName, accessKey: shown });
      return {
        status: 'already-done',
        changes: [],
        message: `access key ${shown} of ${userName} is already inactive`,
      };
    }
    const changes = [`deactivate access key ${shown} of IAM user ${userName}`];
    if (payload.dryRun) {
      log('dry run', { key, userName, accessKey: shown });
      return {
        status: 'dry-run',
        changes,
        message: `dry run: access key ${shown} of ${userName} would be deactivated`,
      };
    }
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: userName,
        AccessKeyId: accessKeyId,
        Status: 'Inactive',
      }),
    );
    log('deactivated', { key, userName, accessKey: shown });
    return {
      status: 'done',
      changes,
      message: `access key ${shown} of ${userName} deactivated`,
    };
  };
}

/** The Lambda entry point (handler setting `index.deactivateAccessKey`). */
export const deactivateAccessKey = createDeactivateAccessKeyHandler();
