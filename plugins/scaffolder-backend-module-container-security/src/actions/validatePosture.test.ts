import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createValidatePostureAction } from './validatePosture';

const noRules = {
  rules: [],
  exemptions: [],
  customChecks: [],
  allowedRegistries: [],
};

const deployment = (securityContext: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: orders, namespace: shop }',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: registry.internal/orders:1.0.0',
    `          securityContext: ${securityContext}`,
  ].join('\n');

describe('container-security:manifests:validate', () => {
  const workspace = createMockDirectory();

  it('fails a run whose manifests reach the threshold, naming the checks', async () => {
    workspace.setContent({
      'k8s/deploy.yaml': deployment('{ privileged: true }'),
    });
    const ctx = createMockActionContext({
      input: { path: 'k8s', failOn: 'critical' as const },
      workspacePath: workspace.path,
    });
    await expect(
      createValidatePostureAction({ rules: noRules }).handler(ctx),
    ).rejects.toThrow(
      /privileged-container on Deployment\/shop\/orders \(app\)/,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'grade',
      expect.stringMatching(/^[A-F]$/),
    );
  });

  it('passes below the threshold and reports score and findings', async () => {
    workspace.setContent({
      'k8s/deploy.yaml': deployment('{ allowPrivilegeEscalation: false }'),
    });
    const ctx = createMockActionContext({
      input: { path: 'k8s', failOn: 'critical' as const },
      workspacePath: workspace.path,
    });
    await createValidatePostureAction({ rules: noRules }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('score', expect.any(Number));
    expect(ctx.output).toHaveBeenCalledWith(
      'findings',
      expect.arrayContaining([
        expect.objectContaining({ checkId: 'cpu-limits-missing' }),
      ]),
    );
  });

  it('is idempotent on retry: same grade and findings, workspace untouched', async () => {
    workspace.setContent({
      'k8s/deploy.yaml': deployment('{ allowPrivilegeEscalation: false }'),
    });
    const before = JSON.stringify(workspace.content());
    const run = async () => {
      const ctx = createMockActionContext({
        input: { path: 'k8s', failOn: 'critical' as const },
        workspacePath: workspace.path,
      });
      await createValidatePostureAction({ rules: noRules }).handler(ctx);
      return (ctx.output as jest.Mock).mock.calls;
    };
    const first = await run();
    expect(first).toContainEqual(['grade', expect.stringMatching(/^[A-F]$/)]);
    expect(await run()).toEqual(first);
    expect(JSON.stringify(workspace.content())).toBe(before);
  });

  it('applies the configured rules, as the backend does', async () => {
    workspace.setContent({
      'k8s/deploy.yaml': deployment('{ privileged: true }'),
    });
    const ctx = createMockActionContext({
      input: { path: 'k8s', failOn: 'critical' as const },
      workspacePath: workspace.path,
    });
    const rules = {
      ...noRules,
      rules: [{ check: 'privileged-container', severity: 'low' as const }],
    };
    await expect(
      createValidatePostureAction({ rules }).handler(ctx),
    ).resolves.toBeUndefined();
  });

  it('fails below minGrade even when no finding reaches failOn (grade and threshold differ)', async () => {
    workspace.setContent({
      'k8s/deploy.yaml': deployment('{ allowPrivilegeEscalation: false }'),
    });
    const ctx = createMockActionContext({
      input: {
        path: 'k8s',
        failOn: 'critical' as const,
        minGrade: 'A' as const,
      },
      workspacePath: workspace.path,
    });
    await expect(
      createValidatePostureAction({ rules: noRules }).handler(ctx),
    ).rejects.toThrow(
      /grade [B-F] \(\d+\/100\), below A: .*cpu-limits-missing/,
    );
    const lenient = createMockActionContext({
      input: {
        path: 'k8s',
        failOn: 'critical' as const,
        minGrade: 'F' as const,
      },
      workspacePath: workspace.path,
    });
    await createValidatePostureAction({ rules: noRules }).handler(lenient);
  });

  it('fails minGrade when there is no workload to grade', async () => {
    workspace.setContent({
      'k8s/ns.yaml':
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
    });
    const ctx = createMockActionContext({
      input: { path: 'k8s', minGrade: 'C' as const },
      workspacePath: workspace.path,
    });
    await expect(
      createValidatePostureAction({ rules: noRules }).handler(ctx),
    ).rejects.toThrow(/no workload to grade/);
  });

  it('runs the extra checks it is given, as the backend runs extension-point checks', async () => {
    workspace.setContent({
      'k8s/deploy.yaml': deployment('{ allowPrivilegeEscalation: false }'),
    });
    const ctx = createMockActionContext({
      input: { path: 'k8s', failOn: 'critical' as const },
      workspacePath: workspace.path,
    });
    const extra = {
      definition: {
        id: 'no-orders',
        title: 'No orders',
        category: 'isolation',
        severity: 'critical',
        rationale: 'test',
        remediation: 'test',
        references: [],
      },
      kinds: ['Deployment'],
      evaluate: () => [{ message: 'orders are not allowed here' }],
    } as any;
    await expect(
      createValidatePostureAction({
        rules: noRules,
        extraChecks: () => [extra],
      }).handler(ctx),
    ).rejects.toThrow(/no-orders on Deployment\/shop\/orders/);
  });
});
