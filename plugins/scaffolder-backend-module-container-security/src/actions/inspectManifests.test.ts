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

  it('is idempotent on retry: same outputs, workspace untouched', async () => {
    workspace.setContent({
      'k8s/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: orders, namespace: shop }',
        'spec:',
        '  template:',
        '    spec:',
        '      containers: [{ name: app, image: "registry/orders:1.0.0" }]',
      ].join('\n'),
    });
    const before = JSON.stringify(workspace.content());
    const run = async () => {
      const ctx = createMockActionContext({
        input: { path: 'k8s' },
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      return (ctx.output as jest.Mock).mock.calls;
    };
    const first = await run();
    expect(first).toContainEqual(['objectCount', 1]);
    expect(await run()).toEqual(first);
    expect(JSON.stringify(workspace.content())).toBe(before);
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
