import { KubernetesObject } from '../manifests/types';
import { ObjectIndex } from './types';

/**
 * Kinds that live outside namespaces. Findings and lookups for them carry no namespace.
 *
 * @public
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'CertificateSigningRequest',
  'PodSecurityPolicy',
]);

/**
 * The namespace an object is reported in: undefined for cluster-scoped kinds, `default`
 * for namespaced objects without one (where `kubectl apply` would put them).
 *
 * @public
 */
export function namespaceOf(object: KubernetesObject): string | undefined {
  if (CLUSTER_SCOPED_KINDS.has(object.kind)) return undefined;
  return object.metadata.namespace || 'default';
}

const EMPTY: KubernetesObject[] = [];

/** Built once per evaluation so that relation lookups are map hits, not scans. */
class MapObjectIndex implements ObjectIndex {
  private readonly kinds = new Map<string, KubernetesObject[]>();
  private readonly kindsByNamespace = new Map<string, KubernetesObject[]>();
  private readonly byName = new Map<string, KubernetesObject>();
  private readonly namespaces = new Map<string, KubernetesObject>();

  constructor(private readonly objects: KubernetesObject[]) {
    for (const object of objects) {
      const namespace = namespaceOf(object);
      push(this.kinds, object.kind, object);
      if (namespace !== undefined) {
        push(this.kindsByNamespace, `${object.kind}\u0000${namespace}`, object);
      }
      const key = nameKey(object.kind, namespace, object.metadata.name);
      // The first of duplicate objects wins, as the first document applied would.
      if (!this.byName.has(key)) this.byName.set(key, object);
      if (
        object.kind === 'Namespace' &&
        !this.namespaces.has(object.metadata.name)
      ) {
        this.namespaces.set(object.metadata.name, object);
      }
    }
  }

  all(): KubernetesObject[] {
    return this.objects;
  }

  byKind(kind: string): KubernetesObject[] {
    return this.kinds.get(kind) ?? EMPTY;
  }

  namespace(name: string | undefined): KubernetesObject | undefined {
    return this.namespaces.get(name || 'default');
  }

  inNamespace(kind: string, namespace: string): KubernetesObject[] {
    return this.kindsByNamespace.get(`${kind}\u0000${namespace}`) ?? EMPTY;
  }

  get(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubernetesObject | undefined {
    const ns = CLUSTER_SCOPED_KINDS.has(kind)
      ? undefined
      : namespace || 'default';
    return this.byName.get(nameKey(kind, ns, name));
  }
}

function nameKey(kind: string, namespace: string | undefined, name: string) {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Indexes objects by kind, by kind and namespace, and by name.
 *
 * @public
 */
export function createObjectIndex(objects: KubernetesObject[]): ObjectIndex {
  return new MapObjectIndex(objects);
}

/**
 * Objects of a kind in a namespace, through the index's map when it has one.
 *
 * @public
 */
export function objectsInNamespace(
  index: ObjectIndex,
  kind: string,
  namespace: string,
): KubernetesObject[] {
  if (index.inNamespace) return index.inNamespace(kind, namespace);
  return index.byKind(kind).filter(o => namespaceOf(o) === namespace);
}

/**
 * One object by kind, namespace and name, through the index's map when it has one.
 *
 * @public
 */
export function findObject(
  index: ObjectIndex,
  kind: string,
  namespace: string | undefined,
  name: string,
): KubernetesObject | undefined {
  if (index.get) return index.get(kind, namespace, name);
  const ns = CLUSTER_SCOPED_KINDS.has(kind)
    ? undefined
    : namespace || 'default';
  return index
    .byKind(kind)
    .find(o => o.metadata.name === name && namespaceOf(o) === ns);
}
