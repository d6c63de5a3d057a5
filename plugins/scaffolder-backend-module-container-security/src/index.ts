/**
 * Scaffolder actions of the container-security suite.
 *
 * @packageDocumentation
 */

export { scaffolderModuleContainerSecurity as default } from './module';
export {
  createInspectManifestsAction,
  INSPECT_MANIFESTS_ACTION_ID,
} from './actions/inspectManifests';
export {
  createValidatePostureAction,
  VALIDATE_POSTURE_ACTION_ID,
} from './actions/validatePosture';
