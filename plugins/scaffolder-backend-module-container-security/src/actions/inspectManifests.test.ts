import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createInspectManifestsAction } from './inspectManifests';

describe('container-security:manifests:inspect', () => {
  const workspace = createMockDirectory();
  const action = createInspectManifestsAction();

  it('lists the workloads of generated manifests', async () => {
    workspace.setContent({
      'k8s/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: orders, namespace: shop }',
        'spec:',
        '  template:',
        '    spec:',
        '      containers: [{ name: app, image: "registry/orders:1.0.0" }]',
        '---',
        'kind: Service',
        'metadata: { name: orders, namespace: shop }',
      ].join('\n'),
    });
    const ctx = createMockActionContext({
      input: { path: 'k8s' },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('objectCount', 2);
    expect(ctx.output).toHaveBeenCalledWith('workloads', [
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'orders',
        images: ['registry/orders:1.0.0'],
      },
    ]);
  });

  it('fails on a broken manifest, naming the file and line', async () => {
    workspace.setContent({
      'k8s/ok.yaml': 'kind: Service\nmetadata: { name: a }\n',
      'k8s/broken.yaml': 'kind: Deployment\nmetadata:\n  name: [oops\n',
    });
    const ctx = createMockActionContext({
      input: { path: 'k8s' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /^k8s\/broken\.yaml:\d+: /,
    );
  });

  it('refuses paths outside the workspace', async () => {
    const ctx = createMockActionContext({
      input: { path: '../../etc' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(/outside/i);
  });
});
