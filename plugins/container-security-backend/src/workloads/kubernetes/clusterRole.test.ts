import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { KUBERNETES_RESOURCE_TYPES } from './resourceTypes';

/**
 * The deployment's ClusterRole (deploy/kubernetes/base/rbac.yaml) grants exactly what
 * this source reads: `list` on each resource type, cluster-wide, nothing else. Adding a
 * kind to KUBERNETES_RESOURCE_TYPES without granting it (or granting more) fails here.
 */
describe('the deployment ClusterRole', () => {
  const file = path.resolve(
    __dirname,
    '../../../../../deploy/kubernetes/base/rbac.yaml',
  );
  const role = parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJS())
    .find(o => o?.kind === 'ClusterRole');

  const granted = (role.rules as any[]).flatMap(rule =>
    (rule.apiGroups as string[]).flatMap(group =>
      (rule.resources as string[]).flatMap(resource =>
        (rule.verbs as string[]).map(verb => `${verb} ${group}/${resource}`),
      ),
    ),
  );

  it('grants list on every resource type the source reads, and nothing else', () => {
    const needed = KUBERNETES_RESOURCE_TYPES.map(
      t => `list ${t.group}/${t.plural}`,
    );
    expect([...granted].sort()).toEqual([...new Set(needed)].sort());
  });

  it('has no wildcard, resource names or non-resource URLs', () => {
    for (const rule of role.rules) {
      expect(Object.keys(rule).sort()).toEqual(
        ['apiGroups', 'resources', 'verbs'].sort(),
      );
    }
    expect(granted.join('\n')).not.toContain('*');
  });
});
