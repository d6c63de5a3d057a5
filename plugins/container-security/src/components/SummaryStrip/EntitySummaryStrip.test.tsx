import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { FalcoAlertSummary } from '@containersec/plugin-container-security-common';
import {
  annotatedEntity,
  emptyCost,
  emptyNetwork,
  emptyPosture,
  emptyVulnerabilities,
  mockApi,
  Wrapper,
} from '../../__testUtils__/components';
import { ContainerSecurityApi } from '../../api/ContainerSecurityApi';
import { EntitySummaryStrip } from './EntitySummaryStrip';

const alert = (
  id: string,
  priority: FalcoAlertSummary['priority'],
  rule: string,
): FalcoAlertSummary => ({
  id,
  time: new Date().toISOString(),
  rule,
  priority,
  tags: [],
  output: rule,
  status: 'open',
});

const snapshot = (takenAt: string, score: number) => ({
  takenAt,
  score,
  grade: 'C' as const,
  counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  workloadCount: 1,
});

function render(api: ContainerSecurityApi) {
  return renderInTestApp(
    <Wrapper api={api} entity={annotatedEntity}>
      <EntitySummaryStrip areaPath={area => `/security/${area}`} />
    </Wrapper>,
  );
}

const tile = (testId: string) => screen.findByTestId(testId);

describe('EntitySummaryStrip', () => {
  it('answers "is this service OK?" with one linked figure per area', async () => {
    const api = mockApi({
      getEntityPosture: jest.fn().mockResolvedValue(
        emptyPosture({
          score: 72,
          grade: 'C',
          trend: [
            snapshot('2026-11-10T00:00:00Z', 60),
            snapshot('2026-11-14T00:00:00Z', 65),
            snapshot('2026-11-20T00:00:00Z', 70),
            snapshot('2026-11-22T00:00:00Z', 72),
          ],
        }),
      ),
      listEntityAlerts: jest.fn().mockResolvedValue({
        entityRef: 'component:default/payments-api',
        items: [
          alert('3', 'Warning', 'Shell in container'),
          alert('2', 'Critical', 'Write below etc'),
          alert('1', 'Warning', 'Shell in container'),
        ],
        canAct: true,
      }),
      getEntityNetwork: jest.fn().mockResolvedValue(
        emptyNetwork({
          workloads: ['Deployment/payments/payments-api'],
          isolation: {
            ingress: { isolated: true, policies: ['p'] },
            egress: { isolated: false, policies: [] },
          },
        }),
      ),
      listEntityAuditEvents: jest.fn().mockResolvedValue({
        entityRef: 'component:default/payments-api',
        hasAwsResources: true,
        resourceKeys: [],
        invalidAnnotations: [],
        items: [{ eventName: 'DeleteBucketPolicy' }, { eventName: 'PutRole' }],
        nextCursor: 'more',
        sources: [],
      }),
      getEntityCost: jest.fn().mockResolvedValue(
        emptyCost({
          potentialSavings: 123.5,
          workloads: [{} as any],
          hints: [{ monthlySavings: 100 } as any, { monthlySavings: 0 } as any],
        }),
      ),
      getEntityVulnerabilities: jest.fn().mockResolvedValue(
        emptyVulnerabilities({
          totals: { critical: 2, high: 7, medium: 1, low: 0, unknown: 0 },
          images: [
            { image: 'a:1', workloads: [], report: {} as any },
            { image: 'b:1', workloads: [] },
          ],
        }),
      ),
    });
    await render(api);

    const posture = await tile('summary-posture');
    expect(await within(posture).findByText('C · 72/100')).toBeInTheDocument();
    // against the newest snapshot at least a week older than the latest
    expect(posture).toHaveTextContent('+7 since 14 Nov');
    expect(posture).toHaveAttribute('href', '/security/posture');

    const alerts = await tile('summary-alerts');
    expect(await within(alerts).findByText('3')).toBeInTheDocument();
    // most severe first, then the newest alert
    expect(alerts).toHaveTextContent(
      /1 Critical · 2 Warning; newest: Shell in container/,
    );
    expect(alerts).toHaveAttribute('href', '/security/alerts');
    expect(api.listEntityAlerts).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments-api' },
      { status: ['open'], limit: 200 },
    );

    const network = await tile('summary-network');
    expect(
      await within(network).findByText('Partly isolated'),
    ).toBeInTheDocument();
    expect(network).toHaveTextContent('Ingress isolated · Egress open');
    expect(network).toHaveAttribute('href', '/security/network');

    const audit = await tile('summary-audit');
    expect(await within(audit).findByText('2+')).toBeInTheDocument();
    expect(audit).toHaveTextContent('newest: DeleteBucketPolicy');
    expect(audit).toHaveAttribute('href', '/security/audit');
    const auditQuery = api.listEntityAuditEvents.mock.calls[0][1]!;
    expect(auditQuery.riskyOnly).toBe(true);
    expect(Date.now() - Date.parse(auditQuery.from!)).toBeGreaterThanOrEqual(
      7 * 24 * 3600 * 1000,
    );

    const cost = await tile('summary-cost');
    expect(await within(cost).findByText('$123.50/mo')).toBeInTheDocument();
    expect(cost).toHaveTextContent('1 cost hint');
    expect(cost).toHaveAttribute('href', '/security/cost');

    const vulnerabilities = await tile('summary-vulnerabilities');
    expect(
      await within(vulnerabilities).findByText('2 / 7'),
    ).toBeInTheDocument();
    expect(vulnerabilities).toHaveTextContent('1 of 2 images scanned');
    expect(vulnerabilities).toHaveAttribute(
      'href',
      '/security/vulnerabilities',
    );
  });

  it('shows unscanned images as not scanned, never as zero vulnerabilities', async () => {
    const api = mockApi({
      getEntityVulnerabilities: jest.fn().mockResolvedValue(
        emptyVulnerabilities({
          images: [
            { image: 'a:1', workloads: [] },
            { image: 'b:1', workloads: [] },
          ],
        }),
      ),
    });
    await render(api);
    const vulnerabilities = await tile('summary-vulnerabilities');
    expect(
      await within(vulnerabilities).findByText('Not scanned'),
    ).toBeInTheDocument();
    expect(vulnerabilities).toHaveTextContent('0 of 2 images scanned');
    expect(vulnerabilities).not.toHaveTextContent(/\b0 \/ 0\b/);
  });

  it('gives each figure its own empty and error state', async () => {
    const api = mockApi({
      getEntityNetwork: jest.fn().mockRejectedValue(new Error('network down')),
    });
    await render(api);
    expect(
      await within(await tile('summary-network')).findByText(
        'Could not load: network down',
      ),
    ).toBeInTheDocument();
    // the defaults of mockApi: no workloads, no AWS resources, no metrics, no images
    expect(
      await within(await tile('summary-posture')).findByText(
        'No workload scored yet',
      ),
    ).toBeInTheDocument();
    expect(
      await within(await tile('summary-audit')).findByText(
        'No AWS resources annotated',
      ),
    ).toBeInTheDocument();
    expect(
      await within(await tile('summary-cost')).findByText(
        'No usage metrics yet',
      ),
    ).toBeInTheDocument();
    expect(
      await within(await tile('summary-vulnerabilities')).findByText(
        'No images found',
      ),
    ).toBeInTheDocument();
    expect(
      await within(await tile('summary-alerts')).findByText('No open alert'),
    ).toBeInTheDocument();
  });
});
