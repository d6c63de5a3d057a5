import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../../manifests/types';
import { findObject, namespaceOf } from '../ObjectIndex';
import { CheckSubject, PostureCheck } from '../types';
import { asArray, asRecord, objectCheck, quoted } from './helpers';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
}

function rulesOf(role: KubernetesObject | undefined): Rule[] {
  return asArray(role?.rules).map(r => ({
    apiGroups: asArray(r?.apiGroups).map(String),
    resources: asArray(r?.resources).map(String),
    verbs: asArray(r?.verbs).map(v => String(v).toLowerCase()),
    resourceNames: asArray(r?.resourceNames).map(String),
  }));
}

const any = (have: string[], wanted: string[]) =>
  have.includes('*') || wanted.some(w => have.includes(w));

/** Whether a rule grants one of the verbs on one of the core-group resources. */
function grants(rule: Rule, resources: string[], verbs: string[]): boolean {
  return (
    any(rule.apiGroups, ['']) &&
    any(rule.resources, resources) &&
    any(rule.verbs, verbs)
  );
}

// Every verb the API server has for ordinary resources: listing them all grants what
// `*` grants there, so Polaris counts such a rule as cluster-admin's equal.
const ALL_RESOURCE_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
];

const grantsEveryVerb = (r: Rule) =>
  r.verbs.includes('*') || ALL_RESOURCE_VERBS.every(v => r.verbs.includes(v));

const isAdminRule = (r: Rule) =>
  r.apiGroups.includes('*') && r.resources.includes('*') && grantsEveryVerb(r);

const grantsExecAttach = (r: Rule) =>
  grants(r, ['pods/exec', 'pods/attach', 'pods/*'], ['create', 'get']);

// Kubernetes' own roles: reported through the bindings that grant them, not as roles.
const DEFAULT_CLUSTER_ROLES = new Set([
  'cluster-admin',
  'admin',
  'edit',
  'view',
]);

function isBuiltInRole(role: KubernetesObject): boolean {
  const name = role.metadata.name;
  return (
    name.startsWith('system:') ||
    (role.kind === 'ClusterRole' && DEFAULT_CLUSTER_ROLES.has(name))
  );
}

// Bindings that Kubernetes (or EKS) creates, not reported.
function isBuiltInBinding(binding: KubernetesObject): boolean {
  const name = binding.metadata.name;
  return (
    name.startsWith('system:') ||
    name.startsWith('eks:') ||
    (binding.kind === 'ClusterRoleBinding' && name === 'cluster-admin')
  );
}

// Built-in ClusterRoles that allow exec/attach, for bindings whose role is not in the scan.
const BUILT_IN_EXEC_CLUSTER_ROLES = new Set(['admin', 'edit']);

interface BoundRole {
  kind: string;
  name: string;
  /** The role's object, when it is in the scan. */
  role?: KubernetesObject;
}

function boundRole(subject: CheckSubject): BoundRole | undefined {
  const ref = asRecord(subject.object.roleRef);
  if (typeof ref.kind !== 'string' || typeof ref.name !== 'string')
    return undefined;
  const role = findObject(
    subject.index,
    ref.kind,
    namespaceOf(subject.object),
    ref.name,
  );
  return { kind: ref.kind, name: ref.name, role };
}

function subjectsOf(binding: KubernetesObject): string {
  const subjects = asArray(binding.subjects).map(
    s => `${s?.kind ?? '?'} ${quoted(String(s?.name ?? ''))}`,
  );
  return subjects.length ? subjects.join(', ') : 'no subjects';
}

const isClusterAdmin = (b: BoundRole) =>
  b.kind === 'ClusterRole' &&
  (b.name === 'cluster-admin' || rulesOf(b.role).some(isAdminRule));

const allowsExecAttach = (b: BoundRole) =>
  b.role
    ? rulesOf(b.role).some(grantsExecAttach)
    : b.kind === 'ClusterRole' && BUILT_IN_EXEC_CLUSTER_ROLES.has(b.name);

/** A check on a binding of a non-built-in name whose bound role matches. */
function bindingCheck(
  id: string,
  kinds: string[],
  matches: (bound: BoundRole) => boolean,
  describe: (bound: BoundRole) => string,
): PostureCheck {
  return objectCheck(id, kinds, subject => {
    if (isBuiltInBinding(subject.object)) return undefined;
    const bound = boundRole(subject);
    if (!bound || !matches(bound)) return undefined;
    return `binds ${bound.kind} ${quoted(bound.name)}, which ${describe(
      bound,
    )}, to ${subjectsOf(subject.object)}`;
  });
}

/** A check on a non-built-in role with a rule that matches. */
function roleCheck(
  id: string,
  kinds: string[],
  matches: (rule: Rule) => boolean,
  describe: string,
): PostureCheck {
  return objectCheck(id, kinds, ({ object }) => {
    if (isBuiltInRole(object)) return undefined;
    return rulesOf(object).some(matches)
      ? `the ${object.kind} ${describe}`
      : undefined;
  });
}

const ROLES = ['Role', 'ClusterRole'];
const BINDINGS = ['RoleBinding', 'ClusterRoleBinding'];
const ANONYMOUS = new Set([
  'system:anonymous',
  'system:unauthenticated',
  'system:authenticated',
]);

/** @internal */
export const rbacChecks: PostureCheck[] = [
  bindingCheck(
    CHECK_IDS.clusterAdminClusterRoleBinding,
    ['ClusterRoleBinding'],
    isClusterAdmin,
    () => 'grants full control of the cluster',
  ),
  bindingCheck(
    CHECK_IDS.roleBindingClusterAdmin,
    ['RoleBinding'],
    isClusterAdmin,
    () => 'grants full control of the namespace',
  ),
  bindingCheck(
    CHECK_IDS.roleBindingWildcardRole,
    ['RoleBinding'],
    b => b.kind === 'Role' && rulesOf(b.role).some(isAdminRule),
    () => 'grants every verb on every resource',
  ),
  objectCheck(CHECK_IDS.rbacWildcardRule, ROLES, ({ object }) => {
    if (isBuiltInRole(object)) return undefined;
    const wildcards = new Set<string>();
    for (const r of rulesOf(object)) {
      if (r.verbs.includes('*')) wildcards.add('verbs');
      if (r.resources.includes('*')) wildcards.add('resources');
    }
    return wildcards.size
      ? `the ${object.kind} uses "*" in ${[...wildcards].join(' and ')}`
      : undefined;
  }),
  roleCheck(
    CHECK_IDS.clusterRolePodExecAttach,
    ['ClusterRole'],
    grantsExecAttach,
    'allows pods/exec or pods/attach',
  ),
  roleCheck(
    CHECK_IDS.rolePodExecAttach,
    ['Role'],
    grantsExecAttach,
    'allows pods/exec or pods/attach',
  ),
  // Bindings to cluster-admin are reported by the cluster-admin checks instead.
  bindingCheck(
    CHECK_IDS.clusterRoleBindingPodExecAttach,
    ['ClusterRoleBinding'],
    b =>
      b.kind === 'ClusterRole' &&
      b.name !== 'cluster-admin' &&
      allowsExecAttach(b),
    () => 'allows pods/exec or pods/attach in every namespace',
  ),
  bindingCheck(
    CHECK_IDS.roleBindingClusterRolePodExecAttach,
    ['RoleBinding'],
    b =>
      b.kind === 'ClusterRole' &&
      b.name !== 'cluster-admin' &&
      allowsExecAttach(b),
    () => 'allows pods/exec or pods/attach',
  ),
  bindingCheck(
    CHECK_IDS.roleBindingRolePodExecAttach,
    ['RoleBinding'],
    b => b.kind === 'Role' && allowsExecAttach(b),
    () => 'allows pods/exec or pods/attach',
  ),
  roleCheck(
    CHECK_IDS.rbacSecretsAccess,
    ROLES,
    r =>
      r.resourceNames.length === 0 &&
      grants(r, ['secrets'], ['get', 'list', 'watch']),
    'reads every Secret in scope (get, list or watch on secrets)',
  ),
  roleCheck(
    CHECK_IDS.rbacCreatePods,
    ROLES,
    r => grants(r, ['pods'], ['create']),
    'allows creating pods',
  ),
  // Explicit verbs only: "*" is reported by rbac-wildcard-rule.
  roleCheck(
    CHECK_IDS.rbacBindEscalateImpersonate,
    ROLES,
    r => ['bind', 'escalate', 'impersonate'].some(v => r.verbs.includes(v)),
    'allows bind, escalate or impersonate',
  ),
  objectCheck(CHECK_IDS.rbacAnonymousSubject, BINDINGS, ({ object }) => {
    if (isBuiltInBinding(object)) return undefined;
    const names = asArray(object.subjects)
      .map(s => String(s?.name ?? ''))
      .filter(n => ANONYMOUS.has(n));
    return names.length
      ? `the ${object.kind} grants its role to ${names.map(quoted).join(', ')}`
      : undefined;
  }),
];
