import { readListPage } from './listResponse';
import { KUBERNETES_RESOURCE_TYPES } from './resourceTypes';
import { deployment, listBody } from './__testUtils__/kubernetesApi';

const deployments = KUBERNETES_RESOURCE_TYPES.find(
  t => t.kind === 'Deployment',
)!;

describe('readListPage', () => {
  it('sets kind and apiVersion on items, drops managedFields and reads continue', () => {
    const item = deployment('web', 'team-a', 'nginx:1.27');
    const page = readListPage(
      listBody('Deployment', [item], {
        continue: 'abc',
        remainingItemCount: 3,
      }),
      deployments,
    );
    expect(page.continueToken).toBe('abc');
    expect(page.objects).toHaveLength(1);
    const [object] = page.objects;
    expect(object).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team-a', uid: item.metadata.uid },
      spec: { replicas: 1 },
    });
    expect(object.metadata.managedFields).toBeUndefined();
    expect(item.metadata.managedFields).toBeDefined(); // input untouched
  });

  it('has no continue token on the last page and skips items without a name', () => {
    const page = readListPage(
      { ...listBody('Deployment', []), items: [{ metadata: {} }, null, 'x'] },
      deployments,
    );
    expect(page).toEqual({ objects: [], continueToken: undefined });
  });

  it('rejects a body that is not a list', () => {
    expect(() => readListPage({ kind: 'Status' }, deployments)).toThrow(
      'the Deployment list response has no items',
    );
  });
});
