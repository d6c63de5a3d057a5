/**
 * Extension points and building blocks of the container-security backend: the interfaces
 * adopters implement (sources, checks, responders), manifest reading, the workload model
 * and the pure engines the backend, the scaffolder actions and the CLI share. Each export
 * is named here; a module's other helpers stay internal.
 *
 * @packageDocumentation
 */
export {
  containerSecurityAuditExtensionPoint,
  containerSecurityMetricsSourcesExtensionPoint,
  containerSecurityPostureChecksExtensionPoint,
  containerSecurityRespondersExtensionPoint,
  containerSecurityVulnerabilitySourcesExtensionPoint,
  containerSecurityWorkloadSourcesExtensionPoint,
} from './extensions';
export type {
  ContainerSecurityAuditExtensionPoint,
  ContainerSecurityMetricsSourcesExtensionPoint,
  ContainerSecurityPostureChecksExtensionPoint,
  ContainerSecurityRespondersExtensionPoint,
  ContainerSecurityVulnerabilitySourcesExtensionPoint,
  ContainerSecurityWorkloadSourcesExtensionPoint,
  ResponderInvocation,
  ResponderInvoker,
} from './extensions';
export type {
  ClusterReadResult,
  WorkloadSource,
} from './workloads/WorkloadSource';
export type { KubernetesObject, ManifestObject } from './manifests/types';
export { ManifestParseError } from './manifests/ManifestParseError';
export { parseManifests } from './manifests/parseManifests';
export { readManifestFiles } from './manifests/readManifestFiles';
export {
  WORKLOAD_KINDS,
  workloadFromObject,
} from './workloads/workloadFromObject';
export { builtInPostureChecks } from './posture/checks';
export type { PodSecurityVersion } from './posture/podSecurityVersion';
export { evaluatePosture } from './posture/evaluatePosture';
export type {
  EvaluatePostureOptions,
  PostureResult,
} from './posture/evaluatePosture';
export {
  CLUSTER_SCOPED_KINDS,
  createObjectIndex,
  findObject,
  namespaceOf,
  objectsInNamespace,
} from './posture/ObjectIndex';
export {
  createCheckSubject,
  isOwnedByScannedWorkload,
  isWorkloadKind,
} from './posture/subjects';
export { sharedPostureChecksServiceRef } from './posture/sharedPostureChecks';
export type { SharedPostureChecks } from './posture/sharedPostureChecks';
export type {
  CheckSubject,
  CheckViolation,
  EvaluatedResource,
  ObjectIndex,
  PostureCheck,
  PostureCheckOptions,
  PostureInput,
} from './posture/types';
export type {
  CheckRule,
  CustomCheckConfig,
  PostureExemption,
  PostureRules,
} from './posture/rules/types';
export { applyPostureRules } from './posture/rules/applyPostureRules';
export type {
  ExemptedFinding,
  RuledFindings,
} from './posture/rules/applyPostureRules';
export {
  EXEMPTION_ANNOTATION_PREFIX,
  exemptionsFromAnnotations,
} from './posture/rules/annotationExemptions';
export type { InvalidExemptionAnnotation } from './posture/rules/annotationExemptions';
export { compileCustomChecks } from './posture/rules/customChecks';
export type { CustomCheckCompileError } from './posture/rules/customChecks';
export { readPostureRules } from './posture/rules/readPostureRules';
export {
  resourceKey,
  scanPosture,
  scoreWorkloads,
} from './posture/scanPosture';
export type { PostureScanResult, WorkloadPosture } from './posture/scanPosture';
export type { ImageVulnerabilitySource } from './vulnerabilities/ImageVulnerabilitySource';
export {
  emptyVulnerabilityCounts,
  summarizeVulnerabilities,
} from './vulnerabilities/summarizeVulnerabilities';
export type { SelectorNode } from './netpol/selector/ast';
export { SelectorSyntaxError } from './netpol/selector/SelectorSyntaxError';
export { SelectorPrintError } from './netpol/selector/SelectorPrintError';
export { MAX_SELECTOR_NESTING, parseSelector } from './netpol/selector/parse';
export { matchesSelector } from './netpol/selector/evaluate';
export type { SelectorMatchContext } from './netpol/selector/evaluate';
export { printSelector } from './netpol/selector/print';
export { buildNetpolModel, normalizeNetpolPolicy } from './netpol/model';
export type { BuildNetpolModelOptions } from './netpol/model';
export { endpointsSelectedBy, findNetpolEndpoints } from './netpol/endpoints';
export { evaluateNetpolDirection, evaluateNetpolFlow } from './netpol/evaluate';
export { computeNetpolExposure } from './netpol/exposure';
export { computeNetpolIsolation } from './netpol/isolation';
export type { NetpolIsolation } from './netpol/isolation';
export { computeNetpolWhatIf } from './netpol/whatIf';
export { computeNetpolReachabilityMatrix } from './netpol/matrix';
export type { NetpolMatrixOptions } from './netpol/matrix';
export { formatNetpolPorts } from './netpol/render';
export { NetpolObjectError } from './netpol/types';
export type {
  NetpolAction,
  NetpolContainerPort,
  NetpolDirection,
  NetpolDirectionVerdict,
  NetpolEndpoint,
  NetpolExposure,
  NetpolExposurePeer,
  NetpolFinding,
  NetpolFlow,
  NetpolFlowVerdict,
  NetpolModel,
  NetpolNamespace,
  NetpolNetworkSet,
  NetpolPeer,
  NetpolPeerDelta,
  NetpolPeerMatch,
  NetpolPolicy,
  NetpolPortMatch,
  NetpolPortRange,
  NetpolReachabilityMatrix,
  NetpolRule,
  NetpolServiceAccount,
  NetpolTier,
  NetpolWhatIf,
} from './netpol/types';
export { AlertAttributor } from './falco/attribution';
export type {
  AlertAttribution,
  AttributionEntity,
  AttributionWorkload,
} from './falco/attribution';
export { falcoKubernetesFields } from './falco/kubernetesFields';
export type { FalcoKubernetesFields } from './falco/kubernetesFields';
export type {
  AuditEventSink,
  AuditEventSource,
  CloudTrailRecord,
  NormalizedAuditEvent,
} from './audit/types';
export { normalizeCloudTrailRecord } from './audit/normalizeRecord';
export { entityResourceKeys } from './audit/resourceKeys';
export {
  ACCESS_DENIED_BURST_RULE,
  AUDIT_RULE_IDS,
  BUILT_IN_AUDIT_RULES,
  DEFAULT_AUDIT_RULE_SETTINGS,
  evaluateAuditEvent,
  findAccessDeniedBursts,
  isAccessDeniedError,
  sortRisks,
} from './audit/rules';
export type {
  AccessDeniedEvent,
  AuditRule,
  AuditRuleSettings,
} from './audit/rules';
export { readAuditRuleSettings } from './audit/readAuditRuleSettings';
export type {
  WorkloadMetricPoint,
  WorkloadMetricSeries,
  WorkloadMetricsRequest,
  WorkloadMetricsResult,
  WorkloadMetricsSource,
} from './cost/types';
export { DEFAULT_PRICE_TABLE } from './cost/prices';
export type { PriceTable, ResourceRates } from './cost/prices';
export { DEFAULT_BUSINESS_HOURS } from './cost/businessHours';
export type { BusinessHours } from './cost/businessHours';
export { summarizeWorkloadMetrics } from './cost/summarize';
export type {
  ResourceStats,
  UsageDistribution,
  WorkloadUsageStats,
} from './cost/summarize';
export {
  assessWorkloadCost,
  DEFAULT_COST_THRESHOLDS,
  sortCostHints,
} from './cost/hints';
export type { CostThresholds, WorkloadCostAssessment } from './cost/hints';
export { TalonRulesError } from './responders/TalonRulesError';
export { parseTalonRules } from './responders/parseTalonRules';
export { compileTalonRules } from './responders/compileTalonRules';
export type {
  ParseTalonRulesOptions,
  TalonActionBlock,
  TalonEvent,
  TalonMatchClause,
  TalonMatcher,
  TalonOutputFieldCondition,
  TalonPriorityCondition,
  TalonResolvedAction,
  TalonRule,
  TalonRuleMatch,
  TalonRuleSet,
  TalonRulesFile,
  TalonRulesProblem,
} from './responders/types';
export {
  ADMIN_POLICY_GROUP,
  apiGroupOf,
  CALICO_API_GROUPS,
  CALICO_CRD_GROUP,
  CALICO_V3_GROUP,
  isAdminNetworkPolicyObject,
  isCalicoObject,
} from './netpol/apiGroups';
