import { PostureCheck } from '../types';
import { capabilityChecks } from './capabilities';
import { filesystemChecks } from './filesystem';
import { hostChecks } from './host';
import { identityChecks } from './identity';
import { imageChecks } from './images';
import { isolationChecks } from './isolation';
import { loggingChecks } from './logging';
import { networkChecks } from './network';
import { privilegeChecks } from './privilege';
import { rbacChecks } from './rbac';
import { reliabilityChecks } from './reliability';
import { resourceChecks } from './resources';
import { secretChecks } from './secrets';
import { serviceAccountChecks } from './serviceAccount';

/**
 * One implementation for every check in `CHECK_DEFINITIONS`, each carrying the shared
 * definition of its id.
 *
 * @public
 */
export const builtInPostureChecks: readonly PostureCheck[] = Object.freeze([
  ...privilegeChecks,
  ...hostChecks,
  ...identityChecks,
  ...capabilityChecks,
  ...isolationChecks,
  ...filesystemChecks,
  ...serviceAccountChecks,
  ...rbacChecks,
  ...resourceChecks,
  ...reliabilityChecks,
  ...imageChecks,
  ...secretChecks,
  ...networkChecks,
  ...loggingChecks,
]);
