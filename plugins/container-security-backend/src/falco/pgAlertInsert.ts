import { Knex } from 'knex';

/** The alert columns the ingest writes, with their PostgreSQL array types. */
const COLUMNS: Array<[name: string, arrayType: string]> = [
  ['id', 'uuid[]'],
  ['time_ms', 'bigint[]'],
  ['time_ns', 'integer[]'],
  ['rule', 'text[]'],
  ['priority', 'smallint[]'],
  ['source', 'text[]'],
  ['hostname', 'text[]'],
  ['cluster', 'text[]'],
  ['namespace', 'text[]'],
  ['pod', 'text[]'],
  ['container', 'text[]'],
  ['tags', 'text[]'],
  ['details', 'bytea[]'],
  ['ingest_source', 'text[]'],
  ['received_at', 'bigint[]'],
];

// One array parameter per column makes the statement text the same for any batch size,
// so each connection prepares it once (a named statement) and PostgreSQL skips parsing
// and planning on every write: at one event per request (Falcosidekick's default) that
// is most of the database's share of an acknowledgement.
const SQL = `insert into container_security_falco_alerts (${COLUMNS.map(
  ([name]) => name,
).join(', ')})
select * from unnest(${COLUMNS.map(([, type]) => `?::${type}`).join(', ')})
on conflict (id) do nothing
returning id`;

const STATEMENT_NAME = 'container_security_falco_alerts_insert_v1';

/** Whether the knex instance talks to PostgreSQL. */
export function isPostgres(db: Knex): boolean {
  return db.client.dialect === 'postgresql';
}

/**
 * Inserts alert rows (keyed by column name, ids unique within the call) on PostgreSQL in
 * one prepared statement; resolves with the ids that were new.
 */
export async function insertAlertRowsPostgres(
  db: Knex | Knex.Transaction,
  rows: Array<Record<string, unknown>>,
): Promise<string[]> {
  const columns = COLUMNS.map(([name]) =>
    rows.map(row => row[name] ?? null),
  ) as unknown as Knex.RawBinding[];
  const result = await db.raw(SQL, columns).options({ name: STATEMENT_NAME });
  return result.rows.map((r: { id: string }) => String(r.id));
}
