import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
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
    );
    const row = await screen.findByTestId('audit-row-risky');
    expect(within(row).getByText('StopLogging')).toBeInTheDocument();
    expect(
      within(row).getByText('component:default/payments-api'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Risky only')).toBeNull();
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
    );
    expect(await screen.findByText('No risky events')).toBeInTheDocument();
  });
});
