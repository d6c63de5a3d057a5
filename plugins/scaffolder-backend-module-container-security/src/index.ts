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
export {
  createPlanServiceAction,
  PLAN_SERVICE_ACTION_ID,
  RESPONDER_FUNCTIONS,
} from './actions/planService';
export {
  createGenerateNetworkPolicyAction,
  GENERATE_NETWORK_POLICY_ACTION_ID,
} from './actions/generateNetworkPolicy';
export {
  createGenerateIamPolicyAction,
  GENERATE_IAM_POLICY_ACTION_ID,
} from './actions/generateIamPolicy';
export {
  createValidateNetworkPolicyAction,
  VALIDATE_NETWORK_POLICY_ACTION_ID,
} from './actions/validateNetworkPolicy';
export {
  AWS_PERMISSION_PRESETS,
  type AwsPermissionPreset,
} from './service/iamPolicy';
