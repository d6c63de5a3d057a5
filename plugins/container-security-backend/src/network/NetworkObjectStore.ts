import { KubernetesObject } from '@containersec/plugin-container-security-node';

/** One stored network object with where it was read. */
export interface StoredNetworkObject {
  source: string;
  cluster: string;
  object: KubernetesObject;
}

/** Storage of the network-relevant objects of the last sync of each cluster. */
export interface NetworkObjectStore {
  /**
   * Replaces what a source stored for the scanned clusters, keeps clusters it reported
   * but could not read, and forgets clusters it no longer reports.
   */
  recordScan(
    source: string,
    scanned: Array<{ cluster: string; objects: KubernetesObject[] }>,
    reportedClusters: string[],
  ): Promise<void>;
  /** Every stored object of the given clusters (all clusters when not given). */
  listObjects(query: { clusters?: string[] }): Promise<StoredNetworkObject[]>;
}
