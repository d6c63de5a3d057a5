import { renderInTestApp } from '@backstage/test-utils';
import {
  EntityPostureResponse,
  getCheckDefinition,
  ResourcePosture,
} from '@containersec/plugin-container-security-common';
import { fireEvent, screen, within } from '@testing-library/react';
import {
  annotatedEntity,
  mockApi,
  Wrapper,
} from '../../__testUtils__/components';
import { PostureSection } from './PostureSection';
import { trendPoints } from '../Sparkline/Sparkline';

const PRIVILEGED = 'privileged-container';
/** Not a built-in check: the UI must fall back to the id. */
const CUSTOM = 'acme-team-label-missing';

const counts = { critical: 1, high: 0, medium: 2, low: 0, info: 0 };

const deployment = (
  name: string,
  overrides: Partial<ResourcePosture> = {},
): ResourcePosture => ({
  resource: { kind: 'Deployment', namespace: 'payments', name },
  cluster: 'demo-eks',
  isWorkload: true,
  score: 52,
  grade: 'F',
  findings: [],
  exempted: [],
  ...overrides,
});

const posture = (
  overrides: Partial<EntityPostureResponse> = {},
): EntityPostureResponse => ({
  entityRef: 'component:default/payments-api',
  score: 52,
  grade: 'F',
  counts,
  resources: [],
  trend: [],
  sources: [],
  ...overrides,
});

const findingsPosture = () =>
  posture({
    resources: [
      // A non-workload listed first: the UI must still put workloads first.
      {
        resource: {
          kind: 'Service',
          namespace: 'payments',
          name: 'payments-svc',
        },
        cluster: 'demo-eks',
        isWorkload: false,
        findings: [
          {
            checkId: CUSTOM,
            severity: 'medium',
            resource: {
              kind: 'Service',
              namespace: 'payments',
              name: 'payments-svc',
            },
            message: 'Service has no team label',
          },
        ],
        exempted: [],
      },
      deployment('payments-api', {
        score: 52,
        grade: 'F',
        findings: [
          {
            checkId: PRIVILEGED,
            severity: 'critical',
            resource: {
              kind: 'Deployment',
              namespace: 'payments',
              name: 'payments-api',
            },
            container: 'app',
            message: 'Container app runs privileged',
          },
          {
            checkId: PRIVILEGED,
            severity: 'critical',
            resource: {
              kind: 'Deployment',
              namespace: 'payments',
              name: 'payments-api',
            },
            container: 'istio-proxy',
            message: 'Container istio-proxy runs privileged',
            podSecurityVersion: 'v1.35',
          },
          {
            checkId: CUSTOM,
            severity: 'medium',
            resource: {
              kind: 'Deployment',
              namespace: 'payments',
              name: 'payments-api',
            },
            message: 'Deployment has no team label',
          },
        ],
      }),
    ],
  });

async function render(api: ReturnType<typeof mockApi>) {
  return renderInTestApp(
    <Wrapper api={api} entity={annotatedEntity}>
      <PostureSection />
    </Wrapper>,
  );
}

describe('PostureSection', () => {
  it('shows the score, grade and counts, and findings grouped by resource and check', async () => {
    const api = mockApi({
      getEntityPosture: jest.fn().mockResolvedValue(findingsPosture()),
    });
    await render(api);

    const headline = await screen.findByTestId('posture-headline');
    expect(within(headline).getByText('F')).toBeInTheDocument();
    expect(within(headline).getByTestId('posture-score')).toHaveTextContent(
      '52/100',
    );
    expect(within(headline).getByTestId('count-critical')).toHaveTextContent(
      '1 critical',
    );
    expect(within(headline).getByTestId('count-medium')).toHaveTextContent(
      '2 medium',
    );
    expect(api.getEntityPosture).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });

    // Workloads first, with their own score and grade.
    const resources = screen.getAllByTestId('resource-posture');
    expect(resources).toHaveLength(2);
    expect(resources[0]).toHaveTextContent('Deployment payments/payments-api');
    expect(resources[0]).toHaveTextContent('score 52/100');
    expect(resources[1]).toHaveTextContent('Service payments/payments-svc');

    // Within the workload, one group per check, most severe first.
    const checks = within(resources[0]).getAllByTestId('check-findings');
    expect(checks.map(c => c.getAttribute('data-check-id'))).toEqual([
      PRIVILEGED,
      CUSTOM,
    ]);
    const privileged = checks[0];
    expect(
      within(privileged).getByText(
        getCheckDefinition(PRIVILEGED)?.title ?? PRIVILEGED,
      ),
    ).toBeInTheDocument();
    expect(within(privileged).getByText('critical')).toBeInTheDocument();
    expect(
      within(privileged).getByText('Containers: app, istio-proxy'),
    ).toBeInTheDocument();
    expect(
      within(privileged).getByText('app: Container app runs privileged'),
    ).toBeInTheDocument();
    expect(
      within(privileged).getByText(
        // with the Pod Security Standards version the pod was evaluated at
        'istio-proxy: Container istio-proxy runs privileged [PSS v1.35]',
      ),
    ).toBeInTheDocument();

    // An unknown check falls back to its id and has no help section.
    const custom = checks[1];
    expect(within(custom).getByText(CUSTOM)).toBeInTheDocument();
    expect(within(custom).getByText('medium')).toBeInTheDocument();
    expect(within(custom).queryByTestId('check-help')).toBeNull();
  });

  it('explains how to fix a check, with its remediation YAML and references', async () => {
    const definition = getCheckDefinition(PRIVILEGED);
    expect(definition).toBeDefined();
    const api = mockApi({
      getEntityPosture: jest.fn().mockResolvedValue(findingsPosture()),
    });
    await render(api);

    const help = await screen.findByTestId('check-help');
    fireEvent.click(
      within(help).getByRole('button', {
        name: /why it matters and how to fix it/i,
      }),
    );
    expect(within(help).getByText('Rationale')).toBeInTheDocument();
    expect(help).toHaveTextContent(definition!.rationale);
    expect(within(help).getByText('Remediation')).toBeInTheDocument();
    const yaml = within(help).getByTestId('remediation-yaml');
    expect(yaml.textContent).toContain(definition!.remediationYaml);
    for (const ref of definition!.references) {
      expect(within(help).getByText(ref)).toBeInTheDocument();
    }
  });

  it('lists exemptions with reason, owner, origin and expiry, and marks expired ones', async () => {
    const finding = {
      checkId: CUSTOM,
      severity: 'medium' as const,
      resource: {
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
      },
      message: 'Deployment has no team label',
    };
    const api = mockApi({
      getEntityPosture: jest.fn().mockResolvedValue(
        posture({
          score: 100,
          grade: 'A',
          counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
          resources: [
            deployment('payments-api', {
              score: 100,
              grade: 'A',
              exempted: [
                {
                  ...finding,
                  exemption: {
                    reason: 'Labels come from the platform team',
                    owner: 'team-platform',
                    expires: '2027-03-31T00:00:00.000Z',
                    origin: 'config',
                    expired: false,
                  },
                },
                {
                  ...finding,
                  checkId: PRIVILEGED,
                  severity: 'critical',
                  container: 'app',
                  message: 'Container app runs privileged',
                  exemption: {
                    reason: 'Needed for the eBPF agent',
                    owner: 'team-observability',
                    expires: '2026-01-15',
                    origin: 'annotation',
                    expired: true,
                  },
                },
              ],
            }),
          ],
        }),
      ),
    });
    await render(api);

    const exempted = await screen.findAllByTestId('exempted-finding');
    expect(exempted).toHaveLength(2);
    const [current, expired] = exempted;

    expect(current).toHaveTextContent(
      'Reason: Labels come from the platform team',
    );
    expect(current).toHaveTextContent('Owner: team-platform');
    expect(current).toHaveTextContent('Origin: app-config');
    expect(current).toHaveTextContent('Expires 2027-03-31');
    expect(within(current).queryByTestId('exemption-expired')).toBeNull();

    expect(expired).toHaveTextContent('Reason: Needed for the eBPF agent');
    expect(expired).toHaveTextContent('Owner: team-observability');
    expect(expired).toHaveTextContent('Origin: annotation');
    expect(expired).toHaveTextContent('Expired 2026-01-15');
    expect(within(expired).getByTestId('exemption-expired')).toHaveTextContent(
      'Expired',
    );

    // With no open finding, the "No findings" state shows the grade.
    expect(screen.getByText('No findings')).toBeInTheDocument();
    expect(
      screen.getByText(/Every check passed.*grade A \(100\/100\)/),
    ).toBeInTheDocument();
  });

  it('shows a progress bar while loading', async () => {
    const api = mockApi({
      getEntityPosture: jest.fn().mockReturnValue(new Promise(() => {})),
    });
    await render(api);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByTestId('posture-headline')).toBeNull();
  });

  it('shows the error the backend gave', async () => {
    const api = mockApi({
      getEntityPosture: jest
        .fn()
        .mockRejectedValue(new Error('posture store unavailable')),
    });
    await render(api);
    expect(
      await screen.findByText('Error: posture store unavailable'),
    ).toBeInTheDocument();
  });

  it('shows the no-workloads state when the entity has no workload', async () => {
    const api = mockApi({
      getEntityPosture: jest.fn().mockResolvedValue(
        posture({
          score: undefined,
          grade: undefined,
          counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        }),
      ),
    });
    await render(api);
    expect(await screen.findByText('No workloads found')).toBeInTheDocument();
    expect(screen.queryByTestId('posture-headline')).toBeNull();
  });

  it('shows "No findings" with the grade when every check passes', async () => {
    const api = mockApi({
      getEntityPosture: jest.fn().mockResolvedValue(
        posture({
          score: 100,
          grade: 'A',
          counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
          resources: [deployment('payments-api', { score: 100, grade: 'A' })],
        }),
      ),
    });
    await render(api);
    expect(await screen.findByText('No findings')).toBeInTheDocument();
    expect(
      screen.getByText(
        "Every check passed on this entity's workloads: grade A (100/100).",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('resource-posture')).toBeNull();
    expect(screen.queryByText('No workloads found')).toBeNull();
  });

  it('draws the score trend, or says there is no history yet', async () => {
    const snapshot = (takenAt: string, score: number) => ({
      takenAt,
      score,
      grade: 'C' as const,
      counts,
      workloadCount: 1,
    });
    const api = mockApi({
      getEntityPosture: jest.fn().mockResolvedValueOnce(
        posture({
          resources: [deployment('payments-api')],
          trend: [
            snapshot('2026-11-20T00:00:00Z', 40),
            snapshot('2026-11-21T00:00:00Z', 60),
            snapshot('2026-11-22T00:00:00Z', 52),
          ],
        }),
      ),
    });
    const { container } = await render(api);
    await screen.findByTestId('score-trend');
    const polyline = container.querySelector(
      '[data-testid="score-trend"] polyline',
    );
    const expected = trendPoints([40, 60, 52], 120, 32)
      .map(([x, y]) => `${x},${y}`)
      .join(' ');
    expect(polyline?.getAttribute('points')).toBe(expected);
    expect(screen.queryByText('No history yet')).toBeNull();

    const single = mockApi({
      getEntityPosture: jest.fn().mockResolvedValue(
        posture({
          resources: [deployment('payments-api')],
          trend: [snapshot('2026-11-22T00:00:00Z', 52)],
        }),
      ),
    });
    await render(single);
    expect(await screen.findByText('No history yet')).toBeInTheDocument();
  });

  it('renders hostile text from the backend as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const resource = {
      kind: 'Deployment',
      namespace: 'payments',
      name: hostile,
    };
    const api = mockApi({
      getEntityPosture: jest.fn().mockResolvedValue(
        posture({
          resources: [
            deployment(hostile, {
              findings: [
                {
                  checkId: `<b>${hostile}</b>`,
                  severity: 'high',
                  resource,
                  container: hostile,
                  message: hostile,
                  location: { file: hostile, line: 3 },
                },
              ],
              exempted: [
                {
                  checkId: CUSTOM,
                  severity: 'low',
                  resource,
                  message: 'm',
                  exemption: {
                    reason: hostile,
                    owner: hostile,
                    expires: hostile,
                    origin: 'annotation',
                    expired: false,
                  },
                },
              ],
            }),
          ],
          sources: [
            {
              source: 'kubernetes',
              cluster: 'eks-prod',
              ok: false,
              message: hostile,
              syncedAt: '2026-11-22T10:00:00Z',
              workloadCount: 1,
            },
          ],
        }),
      ),
    });
    const { container } = await render(api);
    expect(
      await screen.findByText(`Deployment payments/${hostile}`),
    ).toBeInTheDocument();
    expect(screen.getByText(`<b>${hostile}</b>`)).toBeInTheDocument();
    expect(
      screen.getByText(`${hostile}: ${hostile} (${hostile}:3)`),
    ).toBeInTheDocument();
    expect(screen.getByText(`Reason: ${hostile}`)).toBeInTheDocument();
    expect(screen.getByTestId('exempted-finding')).toHaveTextContent(
      `Owner: ${hostile}`,
    );
    expect(screen.getByTestId('source-status-alert')).toHaveTextContent(
      `eks-prod (kubernetes): ${hostile}`,
    );
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });
});
