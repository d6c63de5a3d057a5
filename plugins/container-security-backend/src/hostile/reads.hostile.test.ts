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
const ALERTS = `${ENTITY}/alerts`;
const EDGE_DATE = '-271821-04-20T00:00:00.000Z';

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

const cases: Array<[string, HostileCase]> = [
  // auth
  get('auth', 'no credentials', `${ENTITY}/workloads`, 401, /./, {}),
  get('auth', 'a forged token', `${API}/workloads`, 401, /./, {
    authorization: 'Bearer forged',
  }),
  [
    'auth',
    {
      name: 'refresh without credentials',
      method: 'post',
      path: `${ENTITY}/refresh`,
      status: 401,
      message: /./,
    },
  ],
  // path
  get(
    'path',
    'a malformed % escape in an entity name',
    `${API}/entities/default/component/pay%ZZ/workloads`,
    400,
    /malformed percent-encoding/,
  ),
  get(
    'path',
    'an encoded slash in an entity name',
    `${API}/entities/default/component/..%2F..%2Fetc/posture`,
    400,
    /name: must be a valid entity name/,
  ),
  get(
    'path',
    'an unknown entity',
    `${API}/entities/default/component/nobody/workloads`,
    404,
    /No entity component:default\/nobody/,
  ),
  [
    'path',
    {
      name: 'refresh of an unknown entity',
      method: 'post',
      path: `${API}/entities/default/component/nobody/refresh`,
      headers: asUser(),
      status: 404,
      message: /No entity component:default\/nobody/,
    },
  ],
  get(
    'path',
    'an alert id with SQL in it',
    `${ALERTS}/1'%20or%20'1'='1`,
    400,
    /id: must be an alert id/,
  ),
  // query: unknown keys
  ...[
    'workloads',
    'posture',
    'scorecard',
    'vulnerabilities',
    'network',
    'cost',
  ].map(route =>
    get(
      'query',
      `an unknown key on ${route}`,
      `${ENTITY}/${route}?debug=1`,
      400,
      /Unrecognized key.*'debug'/,
    ),
  ),
  get(
    'query',
    'an unknown key on the alert list',
    `${ALERTS}?sql=1`,
    400,
    /Unrecognized key.*'sql'/,
  ),
  get(
    'query',
    'an unknown key on the workload list',
    `${API}/workloads?sort=name`,
    400,
    /Unrecognized key.*'sort'/,
  ),
  // query: numbers
  ...['1e2', '0x10', '-1', '0', '201', ' 5', '5.0', ''].map(limit =>
    get(
      'query',
      `alert list limit=${JSON.stringify(limit)}`,
      `${ALERTS}?limit=${encodeURIComponent(limit)}`,
      400,
      /limit: must be a decimal integer from 1 to 200/,
    ),
  ),
  get(
    'query',
    'workload offset=1e21',
    `${API}/workloads?offset=1e21`,
    400,
    /offset: must be a decimal integer/,
  ),
  get(
    'query',
    'workload limit=0x10',
    `${API}/workloads?limit=0x10`,
    400,
    /limit: must be a decimal integer from 1 to 1000/,
  ),
  get(
    'query',
    'audit limit=1e2',
    `${API}/audit/risky?limit=1e2`,
    400,
    /limit: must be a decimal integer/,
  ),
  get(
    'query',
    'unattributed limit=0x10',
    `${API}/alerts/unattributed?limit=0x10`,
    400,
    /limit: must be a decimal integer/,
  ),
  // query: cursors
  get(
    'query',
    'a garbage alert cursor',
    `${ALERTS}?cursor=%00garbage`,
    400,
    /cursor: must be a cursor from a previous page/,
  ),
  get(
    'query',
    'a tampered alert cursor',
    `${ALERTS}?cursor=${b64("1.2.x' OR 1=1")}`,
    400,
    /cursor: must be a cursor from a previous page/,
  ),
  get(
    'query',
    'a cursor with a negative time',
    `${API}/alerts/unattributed?cursor=${b64(
      '-5.0.00000000-0000-0000-0000-000000000000',
    )}`,
    400,
    /cursor: must be a cursor/,
  ),
  get(
    'query',
    'a garbage audit cursor',
    `${API}/audit/risky?cursor=!!`,
    400,
    /cursor: must be a cursor from a previous page/,
  ),
  ...[
    ['tampered', b64("x' OR 1=1")],
    ['at the negative edge of the JS range', b64(`${EDGE_DATE}|a`)],
    [
      'at the positive edge of the JS range',
      b64('+275760-09-13T00:00:00.000Z|a'),
    ],
    ['in year 0', b64('0000-01-01T00:00:00.000Z|a')],
  ].flatMap(([what, cursor]) =>
    [`${API}/audit/risky`, `${ENTITY}/audit`].map(path =>
      get(
        'query',
        `a ${what} audit cursor on ${path.slice(API.length)}`,
        `${path}?cursor=${cursor}`,
        400,
        /cursor: must be a cursor from a previous page/,
      ),
    ),
  ),
  // query: times
  get(
    'query',
    'from after to on the alert list',
    `${ALERTS}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    400,
    /from must be before to/,
  ),
  get(
    'query',
    'from after to on the histogram',
    `${ALERTS}/histogram?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    400,
    /from must be before to/,
  ),
  get(
    'query',
    'from after to on the overview',
    `${API}/alerts/overview?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    400,
    /from must be before to/,
  ),
  get(
    'query',
    'from after to on the audit list',
    `${API}/audit/risky?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    400,
    /from must be before to/,
  ),
  get(
    'query',
    'a date at the edge of the JS range on the overview',
    `${API}/alerts/overview?from=${EDGE_DATE}`,
    400,
    /from: must be a time from 1970 through 9999/,
  ),
  get(
    'query',
    'a date at the edge of the JS range on the histogram',
    `${ALERTS}/histogram?to=${encodeURIComponent(
      '+275760-09-13T00:00:00.000Z',
    )}`,
    400,
    /to: must be a time from 1970 through 9999/,
  ),
  get(
    'query',
    'a date that is not one',
    `${ALERTS}?from=yesterday`,
    400,
    /from: must be an ISO 8601 time/,
  ),
  get(
    'query',
    'an audit date at the edge',
    `${API}/audit/risky?from=${EDGE_DATE}`,
    400,
    /from: /,
  ),
  ...[
    '0000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '+275760-09-13T00:00:00Z',
  ].flatMap(time =>
    [`${API}/audit/risky`, `${ENTITY}/audit`].map(path =>
      get(
        'query',
        `audit from=${time} on ${path.slice(API.length)}`,
        `${path}?from=${encodeURIComponent(time)}`,
        400,
        /from: must be a time from 1970 through 9999/,
      ),
    ),
  ),
  get(
    'query',
    'a repeated scalar key',
    `${ALERTS}?workload=a&workload=b`,
    400,
    /workload: /,
  ),
  ...(
    [
      [
        'encoding',
        'Content-Encoding gzip on a body that is not gzip',
        '{"status":"resolved","comment":"x"}',
        { 'content-encoding': 'gzip' },
        400,
        /does not match its Content-Encoding/,
      ],
      [
        'body',
        'a status change with an unknown key',
        '{"status":"resolved","comment":"x","by":"admin"}',
        {},
        400,
        /Unrecognized key.*'by'/,
      ],
      [
        'body',
        'a status change with a __proto__ key',
        '{"status":"resolved","comment":"x","__proto__":{"admin":true}}',
        {},
        400,
        /Unrecognized key.*'__proto__'/,
      ],
      [
        'body',
        'a status change that is not JSON',
        '{"status":',
        {},
        400,
        /Request body is not valid JSON/,
      ],
      [
        'size',
        'a status change above 64 KiB',
        JSON.stringify({ status: 'resolved', comment: 'x'.repeat(70_000) }),
        {},
        413,
        /larger than the limit of 65536 bytes/,
      ],
      [
        'depth',
        'a status nested 10,000 arrays deep',
        `{"status":${'['.repeat(10_000)}${']'.repeat(10_000)},"comment":"x"}`,
        {},
        400,
        /status: /,
      ],
    ] as const
  ).map(
    ([kind, name, body, headers, status, message]): [string, HostileCase] => [
      kind,
      {
        name,
        method: 'post',
        path: `${ALERTS}/00000000-0000-4000-8000-000000000000/status`,
        headers: {
          ...asUser(),
          'content-type': 'application/json',
          ...headers,
        },
        body,
        status,
        message,
      },
    ],
  ),
  [
    'encoding',
    {
      name: 'an alert status change as a form instead of JSON',
      method: 'post',
      path: `${ALERTS}/00000000-0000-4000-8000-000000000000/status`,
      headers: {
        ...asUser(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'status=resolved&comment=x',
      status: 415,
      message: /Content-Type must be application\/json with \{ "status"/,
    },
  ],
];

// Every route with path parameters, each parameter in turn replaced by a malformed %
// escape: Express fails decoding it (URIError), which must be a 400 on every router.
const ROUTES: Array<['get' | 'post', string]> = [
  ...[
    'workloads',
    'posture',
    'scorecard',
    'vulnerabilities',
    'network',
    'cost',
    'alerts',
    'alerts/histogram',
    'alerts/:id',
    'audit',
    'responders',
    'responder-actions',
  ].map((tail): ['get', string] => [
    'get',
    `/entities/:namespace/:kind/:name/${tail}`,
  ]),
  ...[
    'refresh',
    'network/what-if',
    'alerts/:id/status',
    'responder-actions',
  ].map((tail): ['post', string] => [
    'post',
    `/entities/:namespace/:kind/:name/${tail}`,
  ]),
  ['post', '/responder-actions/:id/approve'],
  ['post', '/responder-actions/:id/reject'],
  ['post', '/falco/events/:sourceId/:secret'],
];
const VALUES: Record<string, string> = {
  namespace: 'default',
  kind: 'component',
  name: 'payments-api',
  id: '00000000-0000-4000-8000-000000000000',
  sourceId: 'edge',
  secret: 'not-the-secret',
};
for (const [method, route] of ROUTES) {
  for (const param of route.match(/:\w+/g) ?? []) {
    const path = route.replace(/:\w+/g, p =>
      p === param ? '%E0%A4%A' : VALUES[p.slice(1)],
    );
    cases.push([
      'path',
      {
        name: `a malformed % escape as ${param} of ${method.toUpperCase()} ${route}`,
        method,
        path: `${API}${path}`,
        headers: { ...asUser(), 'content-type': 'application/json' },
        body: method === 'post' ? '{}' : undefined,
        status: 400,
        message: /malformed percent-encoding/,
      },
    ]);
  }
}

describe.each(databases.eachSupportedId())(
  'hostile requests to the read routes on %p',
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
        `${ENTITY}/workloads`,
        `${ALERTS}?limit=5`,
        `${API}/workloads?limit=10&offset=0`,
        `${API}/alerts/overview?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z`,
      ]) {
        const res = await backend.server.get(path).set(asUser());
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
    });
  },
);
