import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import path from 'path';
import { createDemoPublishLocalAction } from './demoLocalPublish';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
spec: { type: service, owner: team, lifecycle: experimental }
`;

describe('demo:publish:local', () => {
  const root = createMockDirectory();
  const workspace = createMockDirectory();

  const log = (bare: string) =>
    execFileSync('git', ['--git-dir', bare, 'log', '--format=%H', 'main'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');

  it('commits once, shows the manifests, registers the component and refreshes the catalog; a retry adds nothing', async () => {
    root.clear();
    workspace.setContent({
      'catalog-info.yaml': CATALOG_INFO,
      'k8s/deployment.yaml': 'kind: Deployment\n',
      'README.md': '# orders\n',
    });
    const refresh = jest.fn(async () => {});
    const action = createDemoPublishLocalAction({
      root: root.path,
      provider: { refresh },
    });
    const publish = async () => {
      const ctx = createMockActionContext({
        input: { repoName: 'orders', manifestsPath: 'k8s' },
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      return ctx;
    };
    const first = await publish();
    const bare = path.join(root.path, 'git', 'orders.git');
    expect(log(bare)).toHaveLength(1);
    expect(first.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders',
    );
    expect(first.output).toHaveBeenCalledWith('registered', true);
    expect(
      await fs.readFile(
        path.join(root.path, 'manifests', 'orders', 'deployment.yaml'),
        'utf8',
      ),
    ).toBe('kind: Deployment\n');
    expect(
      await fs.readFile(path.join(root.path, 'catalog', 'orders.yaml'), 'utf8'),
    ).toBe(CATALOG_INFO);
    expect(refresh).toHaveBeenCalledTimes(1);

    await publish();
    expect(log(bare)).toHaveLength(1);

    workspace.addContent({ 'README.md': '# orders, changed\n' });
    await publish();
    expect(log(bare)).toHaveLength(2);
  });

  it('writes nothing in a dry run', async () => {
    root.clear();
    workspace.setContent({
      'catalog-info.yaml': CATALOG_INFO,
      'k8s/a.yaml': '',
    });
    // the mock context leaves isDryRun out of its options
    const ctx = {
      ...createMockActionContext({
        input: { repoName: 'orders' },
        workspacePath: workspace.path,
      }),
      isDryRun: true,
    };
    await createDemoPublishLocalAction({
      root: root.path,
      provider: { refresh: async () => {} },
    }).handler(ctx);
    expect(root.content()).toEqual({});
  });

  it('refuses a workspace without a Component', async () => {
    workspace.setContent({
      'catalog-info.yaml': 'kind: Group\nmetadata: { name: x }\n',
    });
    const ctx = createMockActionContext({
      input: { repoName: 'orders' },
      workspacePath: workspace.path,
    });
    await expect(
      createDemoPublishLocalAction({
        root: root.path,
        provider: { refresh: async () => {} },
      }).handler(ctx),
    ).rejects.toThrow(/holds no Component/);
  });
});
