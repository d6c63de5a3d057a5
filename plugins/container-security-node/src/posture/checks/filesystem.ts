import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import {
  containerCheck,
  quoted,
  securityContextOf,
  WORKLOADS,
} from './helpers';
import { isWindows } from './platform';

/** @internal */
export const filesystemChecks: PostureCheck[] = [
  containerCheck(
    CHECK_IDS.readOnlyRootFilesystemMissing,
    WORKLOADS,
    c =>
      securityContextOf(c).readOnlyRootFilesystem === true
        ? undefined
        : `container ${quoted(c.name)} has a writable root filesystem`,
    // Windows containers cannot have a read-only root filesystem.
    (_c, subject) => !isWindows(subject),
  ),
];
