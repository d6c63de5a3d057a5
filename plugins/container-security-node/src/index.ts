/**
 * Extension points and building blocks of the container-security backend: manifest
 * reading, the workload model and the source interfaces adopters implement.
 *
 * @packageDocumentation
 */

export * from './extensions';
export * from './manifests/types';
export * from './manifests/ManifestParseError';
export * from './manifests/parseManifests';
export * from './manifests/readManifestFiles';
export * from './workloads/workloadFromObject';
export * from './sources/WorkloadSource';
export * from './posture';
export * from './vulnerabilities';
export * from './netpol/selector';
export * from './netpol';
export * from './util/groupBy';
export * from './falco';
export * from './audit';
export * from './cost';
export * from './responders';
