import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { mockApi } from '../../__testUtils__/components';
import { auditEvent } from '../AuditSection/__testUtils__/auditEvent';
import { RiskyEvents } from './RiskyEvents';

describe('RiskyEvents', () => {
  it('lists risky events org-wide with the services they touched', async () => {
    const api = mockApi({
      listRiskyAuditEvents: jest.fn().mockResolvedValue({
        items: [
          {
            ...auditEvent('e1', {
              eventName: 'StopLogging',
              risks: [
                {
                  ruleId: 'logging-disabled',
                  title: 'Audit logging stopped or deleted',
                  severity: 'critical',
                  why: 'CloudTrail logging was stopped: later activity is not recorded.',
                },
              ],
            }),
            entityRefs: ['component:default/payments-api'],
          },
        ],
        sources: [],
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
        <RiskyEvents />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const row = await screen.findByTestId('audit-row-risky');
    expect(within(row).getByText('StopLogging')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: /payments-api/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    expect(screen.queryByLabelText('Risky only')).toBeNull();
  });

  it('keeps event names whole and collapses a long user agent to one line', async () => {
    const userAgent = `aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/cloudtrail#1.42.3 ${'x'.repeat(
      200,
    )}`;
    const api = mockApi({
      listRiskyAuditEvents: jest.fn().mockResolvedValue({
        items: [
          {
            ...auditEvent('e1', {
              eventName: 'PutBucketPublicAccessBlock',
              userAgent,
              risks: [
                {
                  ruleId: 'public-bucket',
                  title: 'Bucket made public',
                  severity: 'high',
                  why: 'why',
                },
              ],
            }),
            entityRefs: [],
          },
        ],
        sources: [],
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
        <RiskyEvents />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const row = await screen.findByTestId('audit-row-risky');
    expect(within(row).getByTestId('audit-event-name')).toHaveStyle({
      whiteSpace: 'nowrap',
    });
    const ua = within(row).getByTestId('audit-user-agent');
    expect(ua).toHaveStyle({ whiteSpace: 'nowrap', textOverflow: 'ellipsis' });
    expect(ua).toHaveAttribute('title', userAgent);
    await userEvent.click(ua);
    expect(ua).toHaveAttribute('aria-expanded', 'true');
    expect(ua).toHaveStyle({ whiteSpace: 'normal' });
  });

  it('says when there is nothing risky', async () => {
    const api = mockApi({
      listRiskyAuditEvents: jest
        .fn()
        .mockResolvedValue({ items: [], sources: [] }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
        <RiskyEvents />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('No risky events')).toBeInTheDocument();
  });
});
