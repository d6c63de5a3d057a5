import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import {
  iamError,
  IamCall,
  listAccessKeysResponse,
  serveIam,
  testIamClient,
  updateAccessKeyResponse,
} from '../__testUtils__/iam';
import { createDeactivateAccessKeyHandler } from './deactivateAccessKey';
import {
  EXAMPLE_KEY,
  OTHER_EXAMPLE_KEY,
  UNKNOWN_KEY,
} from '../__fixtures__/accessKeys';

const server = setupServer();
registerMswTestHooks(server);

const KEY = EXAMPLE_KEY;

function payload(overrides: object = {}, target: object = {}) {
  return {
    idempotencyKey: 'act-key-1',
    dryRun: false,
    action: { name: 'manual', actionner: 'aws:lambda', parameters: {} },
    requestedBy: 'user:default/jane',
    target: { accessKeyId: KEY, userName: 'ci-deployer', ...target },
    ...overrides,
  };
}

/** An IAM user with two keys whose statuses change as UpdateAccessKey says. */
function serveUser() {
  const keys: Array<{ id: string; status: 'Active' | 'Inactive' }> = [
    { id: OTHER_EXAMPLE_KEY, status: 'Active' },
    { id: KEY, status: 'Active' },
  ];
  const { handler, calls } = serveIam((call: IamCall) => {
    if (call.action === 'ListAccessKeys') {
      return call.params.UserName === 'ci-deployer'
        ? listAccessKeysResponse('ci-deployer', keys)
        : iamError(
            404,
            'NoSuchEntity',
            `The user with name ${call.params.UserName} cannot be found.`,
          );
    }
    if (call.action === 'UpdateAccessKey') {
      const key = keys.find(k => k.id === call.params.AccessKeyId)!;
      key.status = call.params.Status as 'Active' | 'Inactive';
      return updateAccessKeyResponse();
    }
    return iamError(400, 'InvalidAction', `unexpected ${call.action}`);
  });
  server.use(handler);
  return { keys, calls };
}

describe('cs-deactivate-access-key', () => {
  const handler = () =>
    createDeactivateAccessKeyHandler({ iam: testIamClient(), log: () => {} });

  it('deactivates the key on the first run, on the wire', async () => {
    const { keys, calls } = serveUser();

    const answer = await handler()(payload());

    expect(answer).toEqual({
      status: 'done',
      changes: ['deactivate access key …MPLE of IAM user ci-deployer'],
      message: 'access key …MPLE of ci-deployer deactivated',
    });
    expect(calls.map(c => c.action)).toEqual([
      'ListAccessKeys',
      'UpdateAccessKey',
    ]);
    expect(calls[1].params).toMatchObject({
      Version: '2010-05-08',
      UserName: 'ci-deployer',
      AccessKeyId: KEY,
      Status: 'Inactive',
    });
    expect(keys.map(k => k.status)).toEqual(['Active', 'Inactive']);
  });

  it('answers already-done on a retry and does not call UpdateAccessKey again', async () => {
    const { calls } = serveUser();
    const run = handler();
    await run(payload());

    const again = await run(payload());

    expect(again.status).toBe('already-done');
    expect(calls.map(c => c.action)).toEqual([
      'ListAccessKeys',
      'UpdateAccessKey',
      'ListAccessKeys',
    ]);
  });

  it('changes nothing in a dry run', async () => {
    const { keys, calls } = serveUser();

    const answer = await handler()(payload({ dryRun: true }));

    expect(answer.status).toBe('dry-run');
    expect(answer.changes).toEqual([
      'deactivate access key …MPLE of IAM user ci-deployer',
    ]);
    expect(calls.map(c => c.action)).toEqual(['ListAccessKeys']);
    expect(keys.every(k => k.status === 'Active')).toBe(true);
  });

  it("fails when the key is not the user's", async () => {
    serveUser();

    await expect(
      handler()(payload({}, { accessKeyId: UNKNOWN_KEY })),
    ).rejects.toThrow(
      'access key …ZZZZ does not belong to IAM user ci-deployer',
    );
  });

  it.each([
    [
      { accessKeyId: 'ASIAIOSFODNN7EXAMPLE' },
      /temporary \(ASIA…\) credentials cannot be deactivated/,
    ],
    [
      { accessKeyId: 'not-a-key' },
      /target.accessKeyId: expected an IAM access key id/,
    ],
    [{ accessKeyId: undefined }, /target.accessKeyId/],
    [{ userName: 'has spaces' }, /target.userName: expected the IAM user name/],
  ])('rejects bad input %# without calling IAM', async (target, message) => {
    const { calls } = serveUser();

    await expect(handler()(payload({}, target))).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });

  it("surfaces IAM's error code and message", async () => {
    serveUser();

    await expect(
      handler()(payload({}, { userName: 'ghost' })),
    ).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name ghost cannot be found.',
    });
  });

  it('surfaces AccessDenied on the update', async () => {
    const { handler: iam } = serveIam(call =>
      call.action === 'ListAccessKeys'
        ? listAccessKeysResponse('ci-deployer', [{ id: KEY, status: 'Active' }])
        : iamError(
            403,
            'AccessDenied',
            'User: arn:aws:sts::111122223333:assumed-role/cs-deactivate-access-key/fn is not authorized to perform: iam:UpdateAccessKey',
          ),
    );
    server.use(iam);

    await expect(handler()(payload())).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(
        'not authorized to perform: iam:UpdateAccessKey',
      ),
    });
  });
});
