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

const WHAT_IF = `${ENTITY}/network/what-if`;
const json = { ...asUser(), 'content-type': 'application/json' };

const calicoPolicy = (selector: string) =>
  [
    'apiVersion: projectcalico.org/v3',
    'kind: NetworkPolicy',
    'metadata: { name: deep, namespace: payments }',
    'spec:',
    `  selector: ${JSON.stringify(selector)}`,
    '  types: [Ingress]',
  ].join('\n');

// Ten levels of ten aliases each: 10^10 nodes if expanded.
const aliasBomb = [
  'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from(
    { length: 9 },
    (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`,
  ),
  'kind: NetworkPolicy',
].join('\n');

const policy = (text: unknown, name: string, status: number, message: RegExp) =>
  [
    'body',
    {
      name,
      method: 'post',
      path: WHAT_IF,
      headers: json,
      body: JSON.stringify({ policy: text }),
      status,
      message,
    },
  ] as [string, HostileCase];

const cases: Array<[string, HostileCase]> = [
  [
    'auth',
    {
      name: 'no credentials',
      method: 'post',
      path: WHAT_IF,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ policy: 'kind: NetworkPolicy' }),
      status: 401,
      message: /./,
    },
  ],
  [
    'auth',
    {
      name: 'a forged token',
      method: 'post',
      path: WHAT_IF,
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer x',
      },
      body: JSON.stringify({ policy: 'kind: NetworkPolicy' }),
      status: 401,
      message: /./,
    },
  ],
  [
    'path',
    {
      name: 'a malformed % escape in the entity name',
      method: 'post',
      path: `${API}/entities/default/component/pay%E0%A4%A/network/what-if`,
      headers: json,
      body: JSON.stringify({ policy: 'kind: NetworkPolicy' }),
      status: 400,
      message: /malformed percent-encoding/,
    },
  ],
  [
    'query',
    {
      name: 'an unknown query key',
      method: 'post',
      path: `${WHAT_IF}?apply=true`,
      headers: json,
      body: JSON.stringify({ policy: 'kind: NetworkPolicy' }),
      status: 400,
      message: /Unrecognized key.*'apply'/,
    },
  ],
  [
    'encoding',
    {
      name: 'Content-Encoding gzip on a body that is not gzip',
      method: 'post',
      path: WHAT_IF,
      headers: { ...json, 'content-encoding': 'gzip' },
      body: JSON.stringify({ policy: 'kind: NetworkPolicy' }),
      status: 400,
      message: /does not match its Content-Encoding/,
    },
  ],
  [
    'encoding',
    {
      name: 'a YAML body instead of JSON',
      method: 'post',
      path: WHAT_IF,
      headers: { ...asUser(), 'content-type': 'application/yaml' },
      body: 'kind: NetworkPolicy',
      status: 415,
      message:
        /Content-Type must be application\/json .* not application\/yaml/,
    },
  ],
  [
    'body',
    {
      name: 'JSON that does not parse',
      method: 'post',
      path: WHAT_IF,
      headers: json,
      body: '{"policy": ',
      status: 400,
      message: /not valid JSON/,
    },
  ],
  policy(undefined, 'no policy', 400, /policy: is required/),
  policy(42, 'a policy that is not text', 400, /policy: must be a string/),
  [
    'depth',
    {
      name: 'a JSON body nested 100,000 levels',
      method: 'post',
      path: WHAT_IF,
      headers: json,
      body: `{"policy":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      status: 400,
      message: /policy: must be a string/,
    },
  ],
  policy(
    'kind: [',
    'YAML that does not parse',
    400,
    /Invalid policy: line 1: /,
  ),
  policy(aliasBomb, 'a YAML alias bomb', 400, /Invalid policy: .*alias/i),
  policy(
    '---\n'.repeat(65_536),
    '65,536 empty YAML documents',
    413,
    /more than 100 YAML documents/,
  ),
  policy(
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    'YAML nested 50,000 levels',
    400,
    /Invalid policy: brackets nested deeper than 64 levels/,
  ),
  policy(
    calicoPolicy(`${'('.repeat(5_000)}all()${')'.repeat(5_000)}`),
    'a Calico selector nested 5,000 parentheses deep',
    400,
    /nested deeper than 64 levels/,
  ),
  policy(
    [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: { name: odd, namespace: payments }',
      'spec:',
      '  podSelector: {}',
      '  ingress: [{ from: [{ namespaceSelector: { matchLabels: { $team: ops } } }] }]',
    ].join('\n'),
    'a label key no selector can express',
    400,
    // Refused by the label-key check, or by the selector printer behind it.
    /Invalid policy: .*"\$team" (cannot be expressed|is not a valid label key)/,
  ),
  policy(
    'x'.repeat(256 * 1024 + 1),
    'a policy above 256 KiB',
    400,
    /policy: must be at most 262144 characters/,
  ),
  [
    'size',
    {
      name: 'a body above 1 MB',
      method: 'post',
      path: WHAT_IF,
      headers: json,
      body: JSON.stringify({ policy: 'x'.repeat(1_100_000) }),
      status: 413,
      message: /larger than the limit of 1048576 bytes/,
    },
  ],
  policy(
    { __proto__: { admin: true } },
    'a __proto__ object',
    400,
    /policy: must be a string/,
  ),
];

describe.each(databases.eachSupportedId())(
  'hostile requests to the what-if route on %p',
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

    it('still previews a valid policy', async () => {
      const res = await backend.server
        .post(WHAT_IF)
        .set(json)
        .send({
          policy: [
            'apiVersion: networking.k8s.io/v1',
            'kind: NetworkPolicy',
            'metadata: { name: deny, namespace: payments }',
            'spec: { podSelector: {}, policyTypes: [Ingress] }',
          ].join('\n'),
        });
      expect(res.status).toBe(200);
      expect(res.body.applied).toBe(false);
    });
  },
);
