/**
 * Network-policy engine: Kubernetes `NetworkPolicy`, Calico policies and the cluster
 * guardrails AdminNetworkPolicy/BaselineAdminNetworkPolicy evaluated with the dataplanes'
 * semantics (ANP by priority → Calico tiers and NetworkPolicy → BANP). Pure functions,
 * no I/O.
 *
 * Usage:
 * ```ts
 * // 1. Build a model from plain parsed objects (manifests or API reads): NetworkPolicy
 * //    (networking.k8s.io/v1), Calico NetworkPolicy/GlobalNetworkPolicy (+ Staged*),
 * //    NetworkSet/GlobalNetworkSet, Tier (projectcalico.org/v3 or crd.projectcalico.org/v1),
 * //    AdminNetworkPolicy/BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1),
 * //    Namespace, ServiceAccount, Pod and workloads (pod templates become endpoints).
 * //    Malformed objects throw NetpolObjectError (kind/namespace/name + field path);
 * //    pass { strict: false } to collect them in model.errors instead.
 * const model = buildNetpolModel(objects);
 *
 * // 2. One flow, both directions (egress at the source, ingress at the destination):
 * const [from] = findNetpolEndpoints(model, 'shop/web');        // pod or workload name
 * const [to] = findNetpolEndpoints(model, 'shop/Deployment/db'); // or the endpoint id
 * const verdict = evaluateNetpolFlow(model, {
 *   from: { endpoint: from }, to: { endpoint: to }, port: 5432, protocol: 'TCP',
 * }); // { allowed, egress: {allowed, policy, ruleIndex, rule, reason, …}, ingress }
 *
 * // 3. One service's exposure (endpoint ids are `<namespace>/<Kind>/<name>`):
 * const exposure = computeNetpolExposure(model, ['shop/Deployment/db']);
 * // 4. What-if of pasted/staged policies, nothing applied:
 * const whatIf = computeNetpolWhatIf(model, pastedObjects, ['shop/Deployment/db']);
 * // 5. All pairs at one port (grouped by endpoint classes):
 * const matrix = computeNetpolReachabilityMatrix(model, { port: 8080 });
 * matrix.allowed(from.index, to.index);
 * ```
 *
 * Semantics are summarised in the README ("Network policies") and cited in the tests.
 *
 * @packageDocumentation
 */
export * from './types';
export { buildNetpolModel, normalizeNetpolPolicy } from './model';
export type { BuildNetpolModelOptions } from './model';
export { findNetpolEndpoints, endpointsSelectedBy } from './endpoints';
export { evaluateNetpolFlow, evaluateNetpolDirection } from './evaluate';
export { computeNetpolExposure } from './exposure';
export { computeNetpolIsolation } from './isolation';
export type { NetpolIsolation } from './isolation';
export { computeNetpolWhatIf } from './whatIf';
export { computeNetpolReachabilityMatrix } from './matrix';
export type { NetpolMatrixOptions } from './matrix';
export { formatNetpolPorts } from './render';
