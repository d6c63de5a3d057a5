export * from './types';
export { builtInPostureChecks } from './checks';
export {
  parsePodSecurityVersion,
  podSecurityVersionOf,
  POD_SECURITY_LATEST_MINOR,
  POD_SECURITY_OLDEST_MINOR,
  type PodSecurityVersion,
} from './podSecurityVersion';
export {
  evaluatePosture,
  type EvaluatePostureOptions,
  type PostureResult,
} from './evaluatePosture';
export {
  CLUSTER_SCOPED_KINDS,
  createObjectIndex,
  findObject,
  namespaceOf,
  objectsInNamespace,
} from './ObjectIndex';
export {
  createCheckSubject,
  isOwnedByScannedWorkload,
  isWorkloadKind,
} from './subjects';
// Rules, exemptions and the scan wrapper live next to the engine (another change set);
// re-exported here so the package index reaches them through './posture'.
export * from './rules';
export * from './scanPosture';
export {
  sharedPostureChecksServiceRef,
  type SharedPostureChecks,
} from './sharedPostureChecks';
