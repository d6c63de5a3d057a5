// The workloads area as other features see it; everything else in this folder is its own.
export type { WorkloadStore } from './WorkloadStore';
export { EntityWorkloadService } from './EntityWorkloadService';
export { listAnnotatedEntities, systemDomains } from './annotatedEntities';
export {
  ClusterSnapshotStore,
  isoTimestamp,
  replaceScannedClusters,
} from './clusterSnapshots';
export type { ClusterSnapshot } from './clusterSnapshots';
export { setUpWorkloads } from './setUpWorkloads';
export type { WorkloadsFeature } from './setUpWorkloads';
