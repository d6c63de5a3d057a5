import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import { ManifestObject } from '../manifests/types';

/**
 * What one source saw in one cluster. A cluster that could not be read is reported
 * with `ok: false` and a message, so the rest of the answer still stands.
 *
 * @public
 */
export interface ClusterReadResult {
  cluster: string;
  ok: boolean;
  /** Safe to show to readers: never a secret, a token or a stack trace. */
  message?: string;
  workloads: WorkloadSummary[];
  /**
   * Every object read from the cluster (workloads, Services, RBAC, Namespaces, …) for the
   * posture checks; sources that only know workloads may leave it out.
   */
  objects?: Array<ManifestObject | { object: ManifestObject['object'] }>;
}

/**
 * A place workloads come from: live clusters, manifest files, or anything an adopter adds
 * through `containerSecurityWorkloadSourcesExtensionPoint`.
 *
 * @public
 */
export interface WorkloadSource {
  /** Stable id; stored with every workload so one source's sync never touches another's. */
  readonly id: string;
  readWorkloads(): Promise<ClusterReadResult[]>;
}
