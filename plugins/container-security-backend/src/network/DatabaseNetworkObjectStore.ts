import { KubernetesObject } from '@containersec/plugin-container-security-node';
import { Knex } from 'knex';
import { replaceScannedClusters } from '../workloads';
import { apiGroupOf } from '@containersec/plugin-container-security-node';
import { NetworkObjectStore, StoredNetworkObject } from './NetworkObjectStore';

const TABLE = 'container_security_network_objects';
// Keeps each INSERT under SQLite's bound-parameter limit (7 columns a row).
const INSERT_CHUNK = 100;

type Row = {
  source: string;
  cluster: string;
  namespace: string;
  api_group: string;
  kind: string;
  name: string;
  object: string;
};

const keyOf = (r: Row) =>
  [r.namespace, r.api_group, r.kind, r.name].join('\u0000');

/** Knex implementation of the network object store, for SQLite and PostgreSQL. */
export class DatabaseNetworkObjectStore implements NetworkObjectStore {
  static create(db: Knex): DatabaseNetworkObjectStore {
    return new DatabaseNetworkObjectStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async recordScan(
    source: string,
    scanned: Array<{ cluster: string; objects: KubernetesObject[] }>,
    reportedClusters: string[],
  ): Promise<void> {
    const rowsOf = (cluster: string, objects: KubernetesObject[]) => {
      // The same object twice (say, in two manifest files): the last one read wins.
      const rows = new Map<string, Row>();
      for (const object of objects) {
        const row: Row = {
          source,
          cluster,
          namespace: object.metadata.namespace ?? '',
          api_group: apiGroupOf(object),
          kind: object.kind,
          name: object.metadata.name,
          object: JSON.stringify(object),
        };
        rows.set(keyOf(row), row);
      }
      return [...rows.values()];
    };
    await this.db.transaction(tx =>
      replaceScannedClusters(tx, {
        table: TABLE,
        source,
        reportedClusters,
        scanned: scanned.map(({ cluster, objects }) => ({
          cluster,
          rows: rowsOf(cluster, objects),
        })),
        insertChunk: INSERT_CHUNK,
      }),
    );
  }

  async listObjects(query: {
    clusters?: string[];
  }): Promise<StoredNetworkObject[]> {
    const rows: Row[] = await this.db(TABLE)
      .modify(q => {
        if (query.clusters) q.whereIn('cluster', query.clusters);
      })
      .orderBy(['cluster', 'namespace', 'api_group', 'kind', 'name', 'source']);
    return rows.map(r => ({
      source: r.source,
      cluster: r.cluster,
      object: JSON.parse(r.object),
    }));
  }
}
