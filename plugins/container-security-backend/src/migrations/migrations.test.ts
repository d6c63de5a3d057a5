import { TestDatabaseId } from '@backstage/backend-test-utils';
import { promises as fs } from 'fs';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from './openDatabase';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** Every table the released migrations create, whatever feature owns it. */
const TABLES = [
  'container_security_audit_event_resources',
  'container_security_audit_events',
  'container_security_audit_sources',
  'container_security_cost_source_status',
  'container_security_falco_alert_status_changes',
  'container_security_falco_alerts',
  'container_security_falco_notification_windows',
  'container_security_image_vulnerabilities',
  'container_security_network_objects',
  'container_security_posture_snapshots',
  'container_security_resources',
  'container_security_responder_actions',
  'container_security_scorecards',
  'container_security_source_status',
  'container_security_workload_costs',
  'container_security_workloads',
];

/** Table name to sorted column names, knex's own bookkeeping tables left out. */
type SchemaShape = Record<string, string[]>;

async function describeSchema(knex: Knex): Promise<SchemaShape> {
  const client = knex.client.config.client as string;
  let tables: string[];
  if (client === 'pg') {
    const rows = await knex('information_schema.tables')
      .where({ table_schema: knex.raw('current_schema()') })
      .select<{ table_name: string }[]>('table_name');
    tables = rows.map(r => r.table_name);
  } else {
    const rows = await knex('sqlite_master')
      .where({ type: 'table' })
      .select<{ name: string }[]>('name');
    tables = rows.map(r => r.name);
  }
  const shape: SchemaShape = {};
  for (const table of tables.sort()) {
    if (table.startsWith('knex_migrations') || table.startsWith('sqlite_')) {
      continue;
    }
    shape[table] = Object.keys(await knex(table).columnInfo()).sort();
  }
  return shape;
}

async function migrationFiles(): Promise<string[]> {
  return (await fs.readdir(MIGRATIONS_DIRECTORY))
    .filter(f => f.endsWith('.js'))
    .sort();
}

describe.each(databases.eachSupportedId())('migrations on %p', id => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(id as TestDatabaseId);
  });

  it('run up to the latest, down to nothing, and up again', async () => {
    const migrate = (fn: 'latest' | 'rollback') =>
      fn === 'latest'
        ? knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY })
        : knex.migrate.rollback({ directory: MIGRATIONS_DIRECTORY }, true);

    await migrate('latest');
    const afterUp = await describeSchema(knex);
    expect(Object.keys(afterUp)).toEqual(TABLES);
    for (const table of TABLES) {
      await expect(knex.schema.hasTable(table)).resolves.toBe(true);
    }

    await migrate('rollback');
    expect(await describeSchema(knex)).toEqual({});
    for (const table of TABLES) {
      await expect(knex.schema.hasTable(table)).resolves.toBe(false);
    }

    await migrate('latest');
    expect(await describeSchema(knex)).toEqual(afterUp);
  });

  it('undo exactly what each migration did, one step at a time', async () => {
    const files = await migrationFiles();
    expect(files.length).toBeGreaterThan(0);
    const config = { directory: MIGRATIONS_DIRECTORY };
    await knex.migrate.rollback(config, true);

    // The schema before each migration, then after the last one.
    const shapes: SchemaShape[] = [await describeSchema(knex)];
    for (const _file of files) {
      await knex.migrate.up(config);
      shapes.push(await describeSchema(knex));
    }
    const [completed, pending] = (await knex.migrate.list(config)) as [
      Array<{ name: string }>,
      unknown[],
    ];
    expect(pending).toEqual([]);
    expect(completed.map(m => m.name)).toEqual(files);
    expect(Object.keys(shapes[shapes.length - 1])).toEqual(TABLES);

    // Each migration changes the schema, and its down step restores the one before it.
    for (let step = files.length; step > 0; step--) {
      expect(shapes[step]).not.toEqual(shapes[step - 1]);
      await knex.migrate.down(config);
      expect({
        after: files[step - 1],
        shape: await describeSchema(knex),
      }).toEqual({
        after: files[step - 1],
        shape: shapes[step - 1],
      });
    }
    expect(await describeSchema(knex)).toEqual({});

    for (const _file of files) {
      await knex.migrate.up(config);
    }
    expect(await describeSchema(knex)).toEqual(shapes[shapes.length - 1]);
  });
});
