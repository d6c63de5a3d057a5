/**
 * Example AWS Lambda responders for the container-security suite. Each handler takes the
 * suite's invocation payload and answers `{ status, changes, message }`; see the README
 * for the payload, deployment, IAM and RBAC.
 *
 * @packageDocumentation
 */

import {
  createDeactivateAccessKeyHandler,
  deactivateAccessKey,
} from './handlers/deactivateAccessKey';
import { createDeletePodHandler, deletePod } from './handlers/deletePod';
import {
  createQuarantinePodHandler,
  quarantinePod,
} from './handlers/quarantinePod';
import { createScaleToZeroHandler, scaleToZero } from './handlers/scaleToZero';

export * from './payload';
export type { ResponderLog } from './log';
export { KubeClient, KubeApiError } from './kubernetes/KubeClient';
export { eksToken } from './kubernetes/eksToken';
export type { AwsCredentials } from './kubernetes/eksToken';
export type { KubeClientOptions, TokenSource } from './kubernetes/KubeClient';
export {
  QUARANTINE_LABEL,
  QUARANTINED_BY_ANNOTATION,
  QUARANTINE_POLICY_NAME,
} from './kubernetes/quarantine';
export {
  SCALED_BY_ANNOTATION,
  SCALED_FROM_ANNOTATION,
} from './handlers/scaleToZero';
export {
  createDeactivateAccessKeyHandler,
  createDeletePodHandler,
  createQuarantinePodHandler,
  createScaleToZeroHandler,
  deactivateAccessKey,
  deletePod,
  quarantinePod,
  scaleToZero,
};

/** The Lambda entry points by the function name the suite's config and rules use. */
export const handlers = {
  'cs-quarantine-pod': quarantinePod,
  'cs-scale-to-zero': scaleToZero,
  'cs-delete-pod': deletePod,
  'cs-deactivate-access-key': deactivateAccessKey,
} as const;

/** The factories by function name, for a host that supplies its own clients (the demo). */
export const handlerFactories = {
  'cs-quarantine-pod': createQuarantinePodHandler,
  'cs-scale-to-zero': createScaleToZeroHandler,
  'cs-delete-pod': createDeletePodHandler,
  'cs-deactivate-access-key': createDeactivateAccessKeyHandler,
} as const;
