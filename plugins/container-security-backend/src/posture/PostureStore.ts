import {
  Finding,
  FindingResource,
  PostureSnapshot,
} from '@containersec/plugin-container-security-common';
import { PostureExemption } from '@containersec/plugin-container-security-node';

/** One evaluated object with its raw findings, as the last scan left it. */
export interface StoredResource {
  source: string;
  cluster: string;
  resource: FindingResource;
  isWorkload: boolean;
  labels: Record<string, string>;
  /** Findings at their default severities, before rules and exemptions. */
  findings: Finding[];
  /** Exemptions read from the object's annotations. */
  exemptions: PostureExemption[];
}

/** A snapshot to store for one entity, with the catalog context scorecards group by. */
export interface EntitySnapshot extends PostureSnapshot {
  entityRef: string;
  kind: string;
  title?: string;
  owner?: string;
  system?: string;
  domain?: string;
  lifecycle?: string;
  failingChecks: string[];
}

/** The latest snapshot of an entity, with the score of about a week before. */
export interface LatestSnapshot extends EntitySnapshot {
  previousScore?: number;
}

/** Storage of posture scan results and snapshots. */
export interface PostureStore {
  /** Replaces what a source stored for the given clusters and forgets clusters it no longer reports. */
  recordScan(
    source: string,
    scanned: Array<{ cluster: string; resources: StoredResource[] }>,
    reportedClusters: string[],
  ): Promise<void>;
  listResources(query: { namespace?: string }): Promise<StoredResource[]>;
  /**
   * Stores one round of snapshots and makes them the latest; entities missing from the
   * round (no longer in the catalog, or without workloads) leave the scorecards.
   */
  addSnapshots(snapshots: EntitySnapshot[]): Promise<void>;
  listLatest(): Promise<LatestSnapshot[]>;
  /** When the latest round of snapshots was taken. */
  lastSnapshotAt(): Promise<Date | undefined>;
  /** Snapshots of the given entities since a date, oldest first, for campaign history. */
  listSnapshotsSince(
    since: Date,
  ): Promise<
    Array<
      Pick<EntitySnapshot, 'entityRef' | 'takenAt' | 'score' | 'failingChecks'>
    >
  >;
  /** The entity's most recent snapshots, oldest first. */
  getTrend(entityRef: string, limit: number): Promise<PostureSnapshot[]>;
  /**
   * Snapshot retention: deletes snapshots taken before `deleteBefore`, and of those taken
   * before `keepAllAfter` keeps only the last of each entity per UTC day.
   */
  pruneSnapshots(options: {
    keepAllAfter: Date;
    deleteBefore?: Date;
  }): Promise<{ deleted: number; downsampled: number }>;
}
