/**
 * The part of a Kubernetes object every kind shares; the rest is kept as read.
 *
 * @public
 */
export interface KubernetesObject {
  apiVersion?: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid?: string }>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * A Kubernetes object read from a manifest, with where it was read from.
 *
 * @public
 */
export interface ManifestObject {
  object: KubernetesObject;
  file: string;
  /** 1-based line of the document (or `List` item) that holds the object. */
  line: number;
}
