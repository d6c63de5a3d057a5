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

/** A snapshot to store for one entity. */
export interface EntitySnapshot extends PostureSnapshot {
  entityRef: string;
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
  addSnapshots(snapshots: EntitySnapshot[]): Promise<void>;
  /** The entity's most recent snapshots, oldest first. */
  getTrend(entityRef: string, limit: number): Promise<PostureSnapshot[]>;
}
