// The workloads area as other features see it; everything else in this folder is its own.
export type { WorkloadQuery, WorkloadStore } from './WorkloadStore';
export type { ScanRecorder } from './WorkloadSyncService';
export { EntityWorkloadService } from './EntityWorkloadService';
export { listAnnotatedEntities, systemDomains } from './annotatedEntities';
export {
  insertInChunks,
  isoTimestamp,
  listSourceStatuses,
  replaceClusterSnapshots,
} from './clusterSnapshots';
export type { ClusterSnapshot, SourceStatusRow } from './clusterSnapshots';
export { setUpWorkloads } from './setUpWorkloads';
export type { WorkloadsFeature } from './setUpWorkloads';
