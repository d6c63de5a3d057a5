import { KubernetesObject } from '../../manifests/types';
import { PostureExemption } from './types';

/**
 * Annotation prefix for exemptions set on a workload:
 * `exempt.container-security.io/<check id>: "reason=…; owner=…; expires=YYYY-MM-DD; container=…"`.
 *
 * @public
 */
export const EXEMPTION_ANNOTATION_PREFIX = 'exempt.container-security.io/';

/**
 * An exemption annotation that cannot be used, with why.
 *
 * @public
 */
export interface InvalidExemptionAnnotation {
  resource: { kind: string; namespace?: string; name: string };
  annotation: string;
  problem: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads exemption annotations from objects. An annotation without a reason or an owner,
 * or with a malformed date, is reported and not applied: an exemption nobody answers for
 * should not silence a finding.
 *
 * @public
 */
export function exemptionsFromAnnotations(objects: KubernetesObject[]): {
  exemptions: PostureExemption[];
  invalid: InvalidExemptionAnnotation[];
} {
  const exemptions: PostureExemption[] = [];
  const invalid: InvalidExemptionAnnotation[] = [];
  for (const object of objects) {
    for (const [key, value] of Object.entries(
      object.metadata.annotations ?? {},
    )) {
      if (!key.startsWith(EXEMPTION_ANNOTATION_PREFIX)) continue;
      const resource = {
        kind: object.kind,
        namespace: object.metadata.namespace,
        name: object.metadata.name,
      };
      const fields = new Map<string, string>();
      for (const part of String(value).split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0)
          fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
      }
      const reason = fields.get('reason');
      const owner = fields.get('owner');
      const expires = fields.get('expires');
      let problem: string | undefined;
      if (!reason) problem = 'missing reason=';
      else if (!owner) problem = 'missing owner=';
      else if (expires && !DATE.test(expires)) {
        problem = `expires=${expires} is not a YYYY-MM-DD date`;
      }
      if (problem) {
        invalid.push({ resource, annotation: key, problem });
        continue;
      }
      exemptions.push({
        check: key.slice(EXEMPTION_ANNOTATION_PREFIX.length),
        namespace: object.metadata.namespace ?? 'default',
        kind: object.kind,
        name: object.metadata.name,
        container: fields.get('container') || undefined,
        reason: reason!,
        owner: owner!,
        expires,
        origin: 'annotation',
      });
    }
  }
  return { exemptions, invalid };
}
