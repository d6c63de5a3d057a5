import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import path from 'node:path';

/** One configured sender of Falco events: `containerSecurity.falco.sources[]`. */
export interface FalcoSourceConfig {
  id: string;
  /** Shared secret for the `x-falco-secret` header and the secret URL path. */
  secret: string;
  /** Cluster recorded for every event this source sends (wins over event fields). */
  cluster?: string;
  /** Whether `POST /falco/events/:sourceId/:secret` accepts this source (default true). */
  allowUrlSecret: boolean;
}

/** A hostname glob mapped to a cluster: `containerSecurity.falco.ingest.hostnameClusters[]`. */
export interface HostnameClusterRule {
  pattern: RegExp;
  cluster: string;
}

/** Everything the ingest reads from `containerSecurity.falco.{ingest,sources}`. */
export interface FalcoIngestConfig {
  sources: FalcoSourceConfig[];
  maxRequestBytes: number;
  maxEventBytes: number;
  /** Most events (NDJSON lines or array elements) one request may carry. */
  maxEventsPerRequest: number;
  spoolDirectory: string;
  /** Rows per INSERT statement, and the most events one flush takes from the queue. */
  batchMaxEvents: number;
  /** How long an ack waits for the database commit before the events are synced to the spool instead (the write goes on). */
  dbWriteTimeoutMs: number;
  /** What an acknowledgement waits for: the database commit (default) or the spool sync (write-ahead). */
  acknowledgeAfter: 'database' | 'spool';
  /** How often the spool drainer probes the database while it is unavailable. */
  drainIntervalMs: number;
  /** `output_fields` keys (in order) whose value names the cluster, e.g. a Falcosidekick custom field. */
  clusterFields: string[];
  hostnameClusters: HostnameClusterRule[];
  /** The dedicated ingest listener, when configured. */
  listener?: { host: string; port: number };
  /**
   * Service principal subjects (`external:<subject>` for a static external-access token,
   * `plugin:<pluginId>` for a plugin) that may post events with a Backstage token.
   * Any other service token is refused: only trusted senders can raise alerts that
   * trigger automatic actions.
   */
  allowedServicePrincipals: string[];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function readBytes(config: Config | undefined, key: string, fallback: number) {
  return config?.getOptionalNumber(key) ?? fallback;
}

function readAcknowledgeAfter(ingest: Config | undefined) {
  const value = ingest?.getOptionalString('acknowledgeAfter') ?? 'database';
  if (value !== 'database' && value !== 'spool') {
    throw new Error(
      `containerSecurity.falco.ingest.acknowledgeAfter must be 'database' or 'spool', not '${value}'`,
    );
  }
  return value;
}

/** Reads the ingest configuration, relative paths resolved against `workingDirectory`. */
export function readFalcoIngestConfig(
  root: Config,
  workingDirectory: string,
): FalcoIngestConfig {
  const falco = root.getOptionalConfig('containerSecurity.falco');
  const ingest = falco?.getOptionalConfig('ingest');
  const sources = (falco?.getOptionalConfigArray('sources') ?? []).map(s => ({
    id: s.getString('id'),
    secret: s.getString('secret'),
    cluster: s.getOptionalString('cluster'),
    allowUrlSecret: s.getOptionalBoolean('allowUrlSecret') ?? true,
  }));
  const ids = new Set<string>();
  for (const source of sources) {
    if (!/^[A-Za-z0-9._-]{1,63}$/.test(source.id)) {
      throw new Error(
        `containerSecurity.falco.sources: id '${source.id}' must be 1-63 letters, digits, '.', '_' or '-'`,
      );
    }
    if (ids.has(source.id)) {
      throw new Error(
        `containerSecurity.falco.sources: duplicate id '${source.id}'`,
      );
    }
    ids.add(source.id);
    if (source.secret.length < 16) {
      throw new Error(
        `containerSecurity.falco.sources: the secret of '${source.id}' must be at least 16 characters`,
      );
    }
  }
  const duration = (key: string, fallbackMs: number) =>
    ingest?.has(key)
      ? durationToMilliseconds(readDurationFromConfig(ingest, { key }))
      : fallbackMs;
  return {
    sources,
    maxRequestBytes: readBytes(ingest, 'maxRequestBytes', 4 * 1024 * 1024),
    maxEventBytes: readBytes(ingest, 'maxEventBytes', 64 * 1024),
    maxEventsPerRequest:
      ingest?.getOptionalNumber('maxEventsPerRequest') ?? 10_000,
    spoolDirectory: path.resolve(
      workingDirectory,
      ingest?.getOptionalString('spoolDirectory') ?? '.cache/falco-spool',
    ),
    batchMaxEvents: ingest?.getOptionalNumber('batchMaxEvents') ?? 500,
    dbWriteTimeoutMs: duration('dbWriteTimeout', 3),
    acknowledgeAfter: readAcknowledgeAfter(ingest),
    drainIntervalMs: duration('drainInterval', 1000),
    clusterFields: ingest?.getOptionalStringArray('clusterFields') ?? [
      'cluster',
      'k8s.cluster.name',
    ],
    hostnameClusters: (
      ingest?.getOptionalConfigArray('hostnameClusters') ?? []
    ).map(c => ({
      pattern: globToRegExp(c.getString('hostname')),
      cluster: c.getString('cluster'),
    })),
    allowedServicePrincipals:
      ingest?.getOptionalStringArray('allowedServicePrincipals') ?? [],
    listener: ingest?.has('listener')
      ? {
          host: ingest.getOptionalString('listener.host') ?? '0.0.0.0',
          port: ingest.getNumber('listener.port'),
        }
      : undefined,
  };
}
