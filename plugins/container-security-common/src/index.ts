/**
 * Shared types, permissions and constants of the container-security plugin suite.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './api/types';
export * from './kubernetes/annotations';
export * from './kubernetes/labelSelector';
export * from './kubernetes/entityWorkloads';
export * from './posture/types';
export * from './posture/score';
export * from './api/posture';
export * from './posture/checks';
export * from './api/scorecards';
export * from './api/vulnerabilities';
export * from './api/network';
export * from './api/alerts';
export * from './aws/annotations';
export * from './api/audit';
export * from './api/cost';
export * from './api/responders';
