import { stringify } from 'yaml';

/**
 * A stored policy as block YAML for the Network section. Lines are never folded, so a
 * long Calico selector stays on one line as it was written.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}
