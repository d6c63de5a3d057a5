import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { createTestDatabases } from '../__testUtils__/databases';
import { readFalcoFixtureLines } from '../falco/__testUtils__/falcoFixtures';
import {
  API,
  HostileBackend,
  HostileCase,
  SECRET,
  startHostileBackend,
  URL_SECRET,
} from './__testUtils__/hostileBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const directory = createMockDirectory();

const EVENTS = `${API}/falco/events`;
const [fixture] = readFalcoFixtureLines();

/** A valid event that is a new alert every time. */
const honest = () => {
  const event = JSON.parse(fixture);
  event.uuid = randomUUID();
  return JSON.stringify(event);
};
/** A valid event with `change` applied. */
const eventWith = (change: (e: any) => void) => {
  const event = JSON.parse(fixture);
  event.uuid = randomUUID();
  change(event);
  return JSON.stringify(event);
};
const deepFields = (depth: number, uuid = true) =>
  `{"time":"2025-11-24T13:22:11.153390386Z","rule":"r","priority":"Notice","output":"o",${
    uuid ? `"uuid":"${randomUUID()}",` : ''
  }"output_fields":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

const sidekick = { 'x-falco-secret': SECRET };
const ndjson = { ...sidekick, 'content-type': 'application/x-ndjson' };

const cases: Array<[string, HostileCase]> = [
  // auth
  ...(
    [
      ['no credentials', {}, 401, /Missing credentials/],
      [
        'a wrong source secret',
        { 'x-falco-secret': `${SECRET}x` },
        401,
        /Invalid Falco source secret/,
      ],
      [
        'a user token',
        { authorization: mockCredentials.user.header() },
        401,
        /non-service credentials/,
      ],
      [
        'a forged bearer token',
        { authorization: 'Bearer forged' },
        401,
        /Invalid or non-service/,
      ],
      [
        'a service token that is not allow-listed',
        {
          authorization: mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:catalog'),
            targetPluginId: 'container-security',
          }),
        },
        403,
        /'plugin:catalog'.*allowedServicePrincipals/,
      ],
    ] as const
  ).map(([name, headers, status, message]): [string, HostileCase] => [
    'auth',
    {
      name,
      method: 'post',
      path: EVENTS,
      headers: { ...headers, 'content-type': 'application/json' },
      body: honest(),
      status,
      message,
    },
  ]),
  [
    'auth',
    {
      name: 'a wrong URL secret',
      method: 'post',
      path: `${EVENTS}/edge/${SECRET}`,
      body: honest(),
      status: 401,
      message: /Invalid Falco source/,
    },
  ],
  [
    'auth',
    {
      name: 'a URL secret for a header-only source',
      method: 'post',
      path: `${EVENTS}/sidekick/${SECRET}`,
      body: honest(),
      status: 401,
      message: /Invalid Falco source/,
    },
  ],
  // path
  [
    'path',
    {
      name: 'a malformed % escape after the URL secret',
      method: 'post',
      path: `${EVENTS}/edge/${URL_SECRET}%E0%A4%A`,
      body: honest(),
      status: 400,
      message: /malformed percent-encoding/,
    },
  ],
  [
    'path',
    {
      name: 'a malformed % escape in the source id',
      method: 'post',
      path: `${EVENTS}/ed%ge/${URL_SECRET}`,
      body: honest(),
      status: 400,
      message: /malformed percent-encoding/,
    },
  ],
  // encoding
  [
    'encoding',
    {
      name: 'Content-Encoding gzip on a body that is not gzip',
      method: 'post',
      path: EVENTS,
      headers: { ...sidekick, 'content-encoding': 'gzip' },
      body: honest(),
      status: 400,
      message: /does not match its Content-Encoding/,
    },
  ],
  [
    'encoding',
    {
      name: 'an unsupported Content-Encoding',
      method: 'post',
      path: EVENTS,
      headers: { ...sidekick, 'content-encoding': 'compress' },
      body: honest(),
      status: 415,
      message: /unsupported content encoding/,
    },
  ],
  [
    'encoding',
    {
      name: 'a gzip body that inflates beyond the request limit',
      method: 'post',
      path: EVENTS,
      headers: { ...sidekick, 'content-encoding': 'gzip' },
      body: zlib.gzipSync(Buffer.alloc(5 * 1024 * 1024, 32)),
      status: 413,
      message: /larger than the limit of 4194304 bytes/,
    },
  ],
  // body
  [
    'body',
    {
      name: 'an empty body',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: '   ',
      status: 400,
      message: /empty/,
    },
  ],
  [
    'body',
    {
      name: 'text that is not JSON',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: 'x',
      status: 400,
      message: /not valid JSON/,
    },
  ],
  [
    'body',
    {
      name: 'an array of numbers',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: '[1,2]',
      status: 400,
      message: /line 1: event: must be a JSON object/,
    },
  ],
  [
    'body',
    {
      name: 'an event without its required fields',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: '{"rule":"r"}',
      status: 400,
      message: /time: /,
    },
  ],
  [
    'body',
    {
      name: 'NUL in the rule name',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: eventWith(e => (e.rule = 'a\u0000b')),
      status: 400,
      message: /rule: must not contain NUL/,
    },
  ],
  [
    'body',
    {
      name: '__proto__ and constructor members (dropped, the event stored)',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: eventWith(e =>
        Object.assign(
          e.output_fields,
          JSON.parse('{"__proto__":{"x":1},"constructor":{"prototype":{}}}'),
        ),
      ),
      status: 200,
      stores: 1,
    },
  ],
  // time
  [
    'time',
    {
      name: 'year 0000',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: eventWith(e => (e.time = '0000-01-01T00:00:00Z')),
      status: 400,
      message: /time: 0000-01-01T00:00:00Z is before 1970/,
    },
  ],
  [
    'time',
    {
      name: 'year 9999',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: eventWith(e => (e.time = '9999-12-31T23:59:59.999999999Z')),
      status: 400,
      message: /time: 9999-12-31.* after it was received/,
    },
  ],
  // size
  [
    'size',
    {
      name: 'a body above maxRequestBytes',
      method: 'post',
      path: EVENTS,
      headers: ndjson,
      body: `${honest()}\n`.padEnd(4 * 1024 * 1024 + 10, ' '),
      status: 413,
      message: /larger than the limit of 4194304 bytes/,
    },
  ],
  [
    'size',
    {
      name: 'more lines than maxEventsPerRequest',
      method: 'post',
      path: EVENTS,
      headers: ndjson,
      body: '{}\n'.repeat(10_001),
      status: 413,
      message: /maxEventsPerRequest/,
    },
  ],
  [
    'size',
    {
      name: 'a line above maxEventBytes beside a valid one',
      method: 'post',
      path: EVENTS,
      headers: ndjson,
      body: `${honest()}\n${eventWith(e => (e.output = 'x'.repeat(70_000)))}`,
      status: 207,
      message: /"line":2,"error":"event: \d+ bytes exceeds the limit of 65536"/,
      stores: 1,
    },
  ],
  [
    'size',
    {
      name: 'an array element above maxEventBytes beside a valid one',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: `[${honest()},${eventWith(e => (e.output = 'x'.repeat(70_000)))}]`,
      status: 207,
      message:
        /"line":2,"error":"event: its output and fields exceed the limit of 65536 bytes"/,
      stores: 1,
    },
  ],
  [
    'size',
    {
      name: 'exactly maxEventsPerRequest lines, the last one ended by a newline',
      method: 'post',
      path: EVENTS,
      headers: ndjson,
      // 100 invalid lines, 9,899 blank ones and one event.
      body: `${'x\n'.repeat(100)}${'\n'.repeat(9_899)}${honest()}\n`,
      status: 207,
      message: /"line":100,"error":"event: not valid JSON/,
      stores: 1,
    },
  ],
  [
    'bomb',
    {
      name: 'a 4 MiB JSON array of empty objects',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: `[${Array(1_398_000).fill('{}').join(',')}]`,
      status: 413,
      message: /more than 10000 array elements/,
    },
  ],
  [
    'size',
    {
      name: 'an array of exactly maxEventsPerRequest elements with commas in strings',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: `[${Array(9_999).fill('"a,b,[c"').join(',')},${honest()}]`,
      status: 400,
      message: /More than 100 invalid Falco events/,
    },
  ],
  // depth
  [
    'depth',
    {
      name: 'one event nested 10,000 levels',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: deepFields(10_000),
      status: 400,
      message: /nested deeper than 64 levels/,
    },
  ],
  [
    'depth',
    {
      name: 'a deep event without uuid (hashed for its id)',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: deepFields(10_000, false),
      status: 400,
      message: /nested deeper than 64 levels/,
    },
  ],
  [
    'depth',
    {
      name: 'a deep NDJSON line beside a valid one',
      method: 'post',
      path: EVENTS,
      headers: ndjson,
      body: `${honest()}\n${deepFields(5_000)}`,
      status: 207,
      message: /"line":2,"error":"event: nested deeper than 64 levels"/,
      stores: 1,
    },
  ],
  [
    'depth',
    {
      name: 'a deep array element beside a valid one',
      method: 'post',
      path: EVENTS,
      headers: sidekick,
      body: `[${deepFields(20_000)},${honest()}]`,
      status: 207,
      message: /"line":1,"error":"event: nested deeper than 64 levels"/,
      stores: 1,
    },
  ],
  // bombs
  [
    'bomb',
    {
      name: '4 MiB of {} lines',
      method: 'post',
      path: EVENTS,
      headers: ndjson,
      body: '{}\n'.repeat(1_398_101),
      status: 413,
      message: /more than 10000 lines/,
    },
  ],
  [
    'bomb',
    {
      name: '4 MiB of x lines',
      method: 'post',
      path: EVENTS,
      headers: ndjson,
      body: 'x\n'.repeat(2_097_151),
      status: 413,
      message: /more than 10000 lines/,
    },
  ],
  [
    'bomb',
    {
      name: '9,999 garbage lines and one event',
      method: 'post',
      path: EVENTS,
      headers: ndjson,
      body: `${'x\n'.repeat(9_999)}${honest()}`,
      status: 400,
      message:
        /More than 100 invalid Falco events in the batch; nothing was stored: line 1: event: not valid JSON/,
    },
  ],
];

describe.each(databases.eachSupportedId())(
  'hostile requests to the Falco ingest on %p',
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

    it('stores every honest event sent beside poisoned ones, and keeps writing to the database afterwards', async () => {
      const before = await backend.countAlerts();
      const post = (body: string, type = 'application/json') =>
        backend.server
          .post(EVENTS)
          .set(sidekick)
          .set('content-type', type)
          .send(body);
      const answers = await Promise.all([
        ...Array.from({ length: 20 }, () => post(honest())),
        ...Array.from({ length: 4 }, () =>
          post(
            `${honest()}\n${deepFields(5_000, false)}`,
            'application/x-ndjson',
          ),
        ),
      ]);
      expect(answers.map(a => a.status)).toEqual([
        ...Array(20).fill(200),
        ...Array(4).fill(207),
      ]);
      expect((await backend.countAlerts()) - before).toBe(24);
      // Committed to the database, not the spool: the poison did not mark it down.
      const after = await post(honest());
      expect(after.status).toBe(200);
      expect((await backend.countAlerts()) - before).toBe(25);
    });
  },
);
