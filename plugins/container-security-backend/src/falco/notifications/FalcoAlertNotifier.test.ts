import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../../migrations/openDatabase';
import { serviceEntity } from '../attribution/__testUtils__/falcoFixtures';
import { DatabaseNotificationWindowStore } from './DatabaseNotificationWindowStore';
import { FalcoAlertNotifier, NotifiableAlert } from './FalcoAlertNotifier';
import { plainText } from './plainText';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const WINDOW = 10 * 60_000;
const START = Date.parse('2026-11-22T10:00:00Z');

const alert = (overrides: Partial<NotifiableAlert> = {}): NotifiableAlert => ({
  entityRef: 'component:default/cart-service',
  rule: 'Terminal shell in container',
  priority: 'Critical',
  output: 'A shell was spawned (user=root cmdline=sh -c id)',
  pod: 'cart-service-6d8f9c7b5-x7k2p',
  container: 'cart-service',
  ...overrides,
});

describe('plainText', () => {
  it('flattens control characters and truncates long text', () => {
    expect(plainText('a\nb\r\n\tc\u0000d\u2028e', 100)).toBe('a b c d e');
    expect(plainText('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(plainText(undefined, 10)).toBe('');
  });
});

describe.each(databases.eachSupportedId())('FalcoAlertNotifier on %p', id => {
  let knex: Knex;
  let sent: NotificationSendOptions[];
  let now: number;

  const notifier = (minPriority: 'Critical' | 'Warning' = 'Critical') =>
    new FalcoAlertNotifier({
      config: { enabled: true, minPriority, windowMs: WINDOW },
      windows: DatabaseNotificationWindowStore.create(knex),
      notifications: {
        send: async (n: NotificationSendOptions) => {
          sent.push(n);
        },
      },
      catalog: catalogServiceMock({
        entities: [
          serviceEntity('cart-service', 'web-team'),
          {
            ...serviceEntity('orphan'),
            spec: { type: 'service', lifecycle: 'production' },
          },
        ],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      now: () => now,
    });

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    sent = [];
    now = START + 1000;
  });

  it('migrates down and up again cleanly', async () => {
    const table = 'container_security_falco_notification_windows';
    await knex.migrate.down({
      directory: MIGRATIONS_DIRECTORY,
      name: '20261122045000_falco_notification_windows.js',
    });
    expect(await knex.schema.hasTable(table)).toBe(false);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    expect(await knex.schema.hasTable(table)).toBe(true);
  });

  it('notifies the owning group of the first alert at or above the minimum priority', async () => {
    await notifier().handle([
      alert({ priority: 'Warning', rule: 'Quiet rule' }),
      alert(),
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/web-team',
    });
    expect(sent[0].payload).toMatchObject({
      title: 'Falco Critical: Terminal shell in container in cart-service',
      severity: 'critical',
      link: '/catalog/default/component/cart-service/security',
      topic: 'container-security:falco',
    });
    expect(sent[0].payload.description).toContain('cmdline=sh -c id');
  });

  it('holds back further alerts of the rule and sends one digest after the window', async () => {
    const n = notifier();
    await n.handle([alert()]);
    await n.handle([alert(), alert({ priority: 'Emergency' })]);
    now += 60_000;
    await n.handle([alert()]);
    expect(sent).toHaveLength(1);
    // Another rule is not held back by the first one's window.
    await n.handle([alert({ rule: 'Write below etc' })]);
    expect(sent).toHaveLength(2);

    expect(await n.sendDueDigests()).toBe(0);
    now = START + WINDOW;
    expect(await n.sendDueDigests()).toBe(1);
    expect(sent).toHaveLength(3);
    expect(sent[2].payload.title).toBe(
      'Falco digest: Terminal shell in container fired 3 more time(s) in cart-service',
    );
    expect(sent[2].payload.description).toContain('highest priority Emergency');
    expect(sent[2].payload.severity).toBe('critical');
    // Sent once only, and a new window notifies at once again.
    expect(await n.sendDueDigests()).toBe(0);
    await n.handle([alert()]);
    expect(sent).toHaveLength(4);
  });

  it('lets exactly one replica send each notification', async () => {
    const replicas = [notifier(), notifier(), notifier()];
    await Promise.all(replicas.map(r => r.handle([alert()])));
    expect(sent).toHaveLength(1);
    now = START + WINDOW + 1;
    // The two alerts that lost the race are in the window's one digest.
    const digests = await Promise.all(replicas.map(r => r.sendDueDigests()));
    expect(digests.reduce((a, b) => a + b, 0)).toBe(1);
    expect(sent.at(-1)?.payload.title).toContain('fired 2 more time(s)');

    await Promise.all(replicas.map(r => r.handle([alert(), alert()])));
    expect(sent).toHaveLength(3);
    now += WINDOW;
    const more = await Promise.all(replicas.map(r => r.sendDueDigests()));
    expect(more.reduce((a, b) => a + b, 0)).toBe(1);
    expect(sent.at(-1)?.payload.title).toContain('fired 5 more time(s)');
  });

  it('respects the configured minimum priority', async () => {
    await notifier('Warning').handle([alert({ priority: 'Warning' })]);
    expect(sent).toHaveLength(1);
    await notifier('Critical').handle([
      alert({ priority: 'Error', rule: 'Other' }),
    ]);
    expect(sent).toHaveLength(1);
  });

  it('sends attacker-controlled text flattened and truncated', async () => {
    await notifier().handle([
      alert({
        rule: `Evil <script>alert(1)</script> ${'r'.repeat(200)}`,
        output: `line1\nline2 <b>bold</b> ${'o'.repeat(2000)}`,
        pod: 'p\u0000od',
      }),
    ]);
    const { title, description } = sent[0].payload;
    expect(title.length).toBeLessThan(200);
    expect(title).toContain('<script>alert(1)</script>');
    expect(description).not.toContain('\n');
    expect(description).not.toContain('\u0000');
    expect(description!.length).toBeLessThan(700);
    expect(description).toContain('(pod p od, container cart-service)');
  });

  it('skips entities without an owner', async () => {
    await notifier().handle([alert({ entityRef: 'component:default/orphan' })]);
    expect(sent).toHaveLength(0);
  });
});
