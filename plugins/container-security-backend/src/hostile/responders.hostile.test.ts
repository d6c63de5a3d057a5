import { createMockDirectory } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  API,
  asUser,
  ENTITY,
  HostileBackend,
  HostileCase,
  startHostileBackend,
} from './__testUtils__/hostileBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const directory = createMockDirectory();

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const ACTIONS = `${API}/responder-actions`;
const ENTITY_ACTIONS = `${ENTITY}/responder-actions`;
const json = { ...asUser(), 'content-type': 'application/json' };
const ACTION_ID = '00000000-0000-4000-8000-000000000000';

const get = (
  kind: string,
  name: string,
  path: string,
  status: number,
  message: RegExp,
  headers: Record<string, string> = asUser(),
): [string, HostileCase] => [
  kind,
  { name, method: 'get', path, headers, status, message },
];

const post = (
  kind: string,
  name: string,
  path: string,
  body: string | Buffer | undefined,
  status: number,
  message: RegExp,
  headers: Record<string, string> = json,
): [string, HostileCase] => [
  kind,
  { name, method: 'post', path, headers, body, status, message },
];

const invoke = (body: unknown) =>
  JSON.stringify({ functionName: 'cs-quarantine-pod', ...(body as object) });

let deep = '"x"';
for (let i = 0; i < 5_000; i++) deep = `[${deep}]`;

const cases: Array<[string, HostileCase]> = [
  // auth
  get('auth', 'the action list without credentials', ACTIONS, 401, /./, {}),
  get(
    'auth',
    'the overview with a forged token',
    `${API}/responders`,
    401,
    /./,
    {
      authorization: 'Bearer forged',
    },
  ),
  post(
    'auth',
    'an approval without credentials',
    `${ACTIONS}/${ACTION_ID}/approve`,
    undefined,
    401,
    /./,
    {},
  ),
  post(
    'auth',
    'an invocation without credentials',
    ENTITY_ACTIONS,
    invoke({}),
    401,
    /./,
    { 'content-type': 'application/json' },
  ),
  // path
  ...['approve', 'reject'].map(verb =>
    post(
      'path',
      `a malformed % escape in the action id to ${verb}`,
      `${ACTIONS}/%E0%A4%A/${verb}`,
      undefined,
      400,
      /malformed percent-encoding/,
    ),
  ),
  post(
    'path',
    'a malformed % escape in the entity of an invocation',
    `${API}/entities/default/component/pay%ZZ/responder-actions`,
    invoke({}),
    400,
    /malformed percent-encoding/,
  ),
  get(
    'path',
    'a malformed % escape in the entity of its responders',
    `${API}/entities/default/comp%onent/payments-api/responders`,
    400,
    /malformed percent-encoding/,
  ),
  post(
    'path',
    'an action id with SQL in it',
    `${ACTIONS}/1'%20or%20'1'='1/approve`,
    undefined,
    400,
    /id: must be a responder action id/,
  ),
  get(
    'path',
    'an encoded slash in an entity name',
    `${API}/entities/default/component/..%2F..%2Fetc/responders`,
    400,
    /name: must be a valid entity name/,
  ),
  get(
    'path',
    'an unknown entity',
    `${API}/entities/default/component/nobody/responder-actions`,
    404,
    /No entity component:default\/nobody/,
  ),
  // query: unknown keys
  ...[`${API}/responders`, ACTIONS, `${ENTITY}/responders`, ENTITY_ACTIONS].map(
    path =>
      get(
        'query',
        `an unknown key on ${path.slice(API.length)}`,
        `${path}?debug=1`,
        400,
        /Unrecognized key.*'debug'/,
      ),
  ),
  // The query parser drops __proto__ keys: nothing reaches the schema or a prototype.
  get(
    'query',
    'a __proto__ query key',
    `${ACTIONS}?__proto__[status]=bogus&__proto__=1`,
    200,
    /"items":\[\]/,
  ),
  get(
    'query',
    'a constructor query key',
    `${ACTIONS}?constructor[prototype]=1`,
    400,
    /Unrecognized key.*'constructor'/,
  ),
  get('query', 'an unknown status', `${ACTIONS}?status=all`, 400, /status: /),
  // query: numbers
  ...['1e2', '0x10', '-1', '0', '201', ' 5', '5.0', ''].flatMap(limit =>
    [ACTIONS, ENTITY_ACTIONS].map(path =>
      get(
        'query',
        `limit=${JSON.stringify(limit)} on ${path.slice(API.length)}`,
        `${path}?limit=${encodeURIComponent(limit)}`,
        400,
        /limit: must be a decimal integer from 1 to 200/,
      ),
    ),
  ),
  // query: cursors
  ...[
    ['garbage', '!!'],
    ['tampered', b64("x' OR 1=1")],
    ['without an id', b64('2026-01-01T00:00:00.000Z|')],
    [
      'at the negative edge of the JS range',
      b64('-271821-04-20T00:00:00.000Z|a'),
    ],
    [
      'at the positive edge of the JS range',
      b64('+275760-09-13T00:00:00.000Z|a'),
    ],
    ['in year 0', b64('0000-01-01T00:00:00.000Z|a')],
  ].flatMap(([what, cursor]) =>
    [ACTIONS, ENTITY_ACTIONS].map(path =>
      get(
        'query',
        `a ${what} cursor on ${path.slice(API.length)}`,
        `${path}?cursor=${encodeURIComponent(cursor)}`,
        400,
        /cursor: must be a cursor from a previous page/,
      ),
    ),
  ),
  // body and encoding
  post(
    'encoding',
    'an invocation as a form instead of JSON',
    ENTITY_ACTIONS,
    'functionName=cs-quarantine-pod',
    415,
    /Content-Type must be application\/json with \{ "functionName"/,
    { ...asUser(), 'content-type': 'application/x-www-form-urlencoded' },
  ),
  post(
    'encoding',
    'Content-Encoding gzip on a body that is not gzip',
    ENTITY_ACTIONS,
    invoke({}),
    400,
    /does not match its Content-Encoding/,
    { ...json, 'content-encoding': 'gzip' },
  ),
  post(
    'encoding',
    'an unknown Content-Encoding',
    `${ACTIONS}/${ACTION_ID}/approve`,
    '{}',
    415,
    /encoding/i,
    { ...json, 'content-encoding': 'br2' },
  ),
  post(
    'body',
    'an invocation that is not JSON',
    ENTITY_ACTIONS,
    '{"functionName":',
    400,
    /Request body is not valid JSON/,
  ),
  post(
    'body',
    'an invocation with an unknown key',
    ENTITY_ACTIONS,
    invoke({ force: true }),
    400,
    /Unrecognized key.*'force'/,
  ),
  post(
    'body',
    'an invocation with a __proto__ key',
    ENTITY_ACTIONS,
    '{"functionName":"cs-quarantine-pod","__proto__":{"dryRun":false}}',
    400,
    /Unrecognized key.*'__proto__'/,
  ),
  post(
    'body',
    'a target with a constructor key',
    ENTITY_ACTIONS,
    invoke({ target: { constructor: { prototype: 1 } } }),
    400,
    /Unrecognized key.*'constructor'/,
  ),
  post(
    'body',
    'a function name with shell in it',
    ENTITY_ACTIONS,
    JSON.stringify({ functionName: 'x; rm -rf /' }),
    400,
    /functionName: must be a Lambda function name/,
  ),
  post(
    'body',
    'an approval with a body',
    `${ACTIONS}/${ACTION_ID}/approve`,
    '{"approve":false}',
    400,
    /Invalid body/,
  ),
  // size and depth (a gzip bomb is in the ingest table: supertest would serialize a Buffer sent as JSON)
  post(
    'size',
    'an invocation above 16 KiB',
    ENTITY_ACTIONS,
    invoke({ alertId: 'x'.repeat(20_000) }),
    413,
    /larger than the limit of 16384 bytes/,
  ),
  post(
    'depth',
    'a target nested 5,000 arrays deep',
    ENTITY_ACTIONS,
    `{"functionName":"cs-quarantine-pod","target":${deep}}`,
    400,
    /target: Expected object/,
  ),
  // what still answers
  post(
    'path',
    'an approval of an unknown action',
    `${ACTIONS}/${ACTION_ID}/approve`,
    undefined,
    404,
    /Responders are not configured/,
  ),
];

describe.each(databases.eachSupportedId())(
  'hostile requests to the responder routes on %p',
  id => {
    let backend: HostileBackend;

    beforeAll(async () => {
      backend = await startHostileBackend(databases, id, directory);
    });

    it.each(cases.map(([kind, c]) => ({ kind, ...c })))(
      '$kind: $name',
      async c => {
        await expect(backend.expectAnswer(c)).resolves.toBeDefined();
      },
    );

    it('still serves the same routes when asked properly', async () => {
      for (const path of [
        `${API}/responders`,
        `${ACTIONS}?limit=5&status=pending-approval`,
        `${ENTITY}/responders`,
        `${ENTITY_ACTIONS}?limit=200`,
        `${ACTIONS}?cursor=${b64('2026-01-01T00:00:00.000Z|abc')}`,
      ]) {
        const res = await backend.server.get(path).set(asUser());
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
    });
  },
);
