import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  AuditEvent,
  EntityAuditResponse,
} from '@containersec/plugin-container-security-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { annotatedEntity, mockApi } from '../../__testUtils__/components';
import { AuditSection } from './AuditSection';
import { auditEvent } from './__testUtils__/auditEvent';

const ENTITY_REF = 'component:default/payments-api';

const page = (
  items: AuditEvent[],
  overrides: Partial<EntityAuditResponse> = {},
): EntityAuditResponse => ({
  entityRef: ENTITY_REF,
  hasAwsResources: true,
  resourceKeys: ['iam-role:111122223333:payments-api'],
  invalidAnnotations: [],
  items,
  sources: [],
  ...overrides,
});

async function render(api: ReturnType<typeof mockApi>, url?: string) {
  await renderInTestApp(
    <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <AuditSection />
      </EntityProvider>
    </TestApiProvider>,
    url ? { routeEntries: [url] } : undefined,
  );
}

describe('AuditSection', () => {
  it('lists who did what from where, highlights risky events with why, and renders text as text', async () => {
    const api = mockApi({
      listEntityAuditEvents: jest.fn().mockResolvedValue(
        page([
          auditEvent('e2', {
            eventName: 'AttachRolePolicy',
            eventSource: 'iam.amazonaws.com',
            principal: { type: 'IAMUser', name: 'christophe' },
            mfaUsed: undefined,
            risks: [
              {
                ruleId: 'admin-policy-granted',
                title: 'Administrator or wildcard policy granted',
                severity: 'critical',
                why: 'AdministratorAccess was attached to payments-api.',
              },
            ],
          }),
          auditEvent('e1', {
            errorCode: 'AccessDenied',
            errorMessage: 'not allowed',
          }),
        ]),
      ),
    });
    await render(api);
    const risky = await screen.findByTestId('audit-row-risky');
    expect(within(risky).getByText('AttachRolePolicy')).toBeInTheDocument();
    expect(
      within(risky).getByText(
        'critical: Administrator or wildcard policy granted',
      ),
    ).toBeInTheDocument();
    expect(
      within(risky).getByText(
        'AdministratorAccess was attached to payments-api.',
      ),
    ).toBeInTheDocument();
    const plain = screen.getByTestId('audit-row');
    expect(
      within(plain).getByText('payments-api/i-786a3A8B5C0d92eF4'),
    ).toBeInTheDocument();
    expect(within(plain).getByText('10.0.12.7')).toBeInTheDocument();
    expect(within(plain).getByText('no MFA')).toBeInTheDocument();
    expect(within(plain).getByText('AccessDenied')).toBeInTheDocument();
    // The user agent is shown verbatim, never parsed as markup.
    expect(
      within(plain).getByText('aws-cli/2 <img src=x onerror=alert(1)>'),
    ).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(api.listEntityAuditEvents).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments-api' },
      { riskyOnly: undefined, errorsOnly: undefined, from: undefined },
    );
  });

  it('applies filters and loads older pages by cursor', async () => {
    const list = jest
      .fn()
      .mockResolvedValueOnce(page([auditEvent('e1')], { nextCursor: 'c1' }))
      .mockResolvedValueOnce(page([auditEvent('e0')]))
      .mockResolvedValue(page([]));
    const api = mockApi({ listEntityAuditEvents: list });
    await render(api);
    await screen.findByTestId('audit-row');
    await userEvent.click(
      screen.getByRole('button', { name: 'Load older events' }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('audit-row')).toHaveLength(2),
    );
    expect(list).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ cursor: 'c1' }),
    );

    fireEvent.click(screen.getByLabelText('Risky only'));
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({ riskyOnly: true }),
      ),
    );
    await userEvent.type(screen.getByLabelText('Principal'), 'christophe');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({ principal: 'christophe', riskyOnly: true }),
      ),
    );
    expect(await screen.findByText('No audit events')).toBeInTheDocument();
  });

  it('opens risky-only from a link', async () => {
    const list = jest.fn().mockResolvedValue(page([]));
    await render(mockApi({ listEntityAuditEvents: list }), '/audit?risky=1');
    expect(await screen.findByLabelText('Risky only')).toBeChecked();
    expect(list).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ riskyOnly: true }),
    );
  });

  it('explains how to annotate an entity without AWS resources', async () => {
    await render(mockApi({}));
    expect(
      await screen.findByText('No AWS resources annotated'),
    ).toBeInTheDocument();
  });

  it('shows failed sources and errors', async () => {
    const api = mockApi({
      listEntityAuditEvents: jest.fn().mockResolvedValue(
        page([auditEvent('e1')], {
          sources: [
            {
              source: 'cloudtrail-api',
              accountId: '111122223333',
              region: 'us-east-1',
              status: 'access-denied',
              message: 'cloudtrail:LookupEvents was denied',
            },
          ],
        }),
      ),
    });
    await render(api);
    expect(await screen.findByTestId('audit-source-alert')).toHaveTextContent(
      'cloudtrail:LookupEvents was denied',
    );
  });

  it('shows an error when the backend fails', async () => {
    const failing = mockApi({
      listEntityAuditEvents: jest
        .fn()
        .mockRejectedValue(new Error('backend down')),
    });
    await render(failing);
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
    expect(screen.queryByTestId('audit-row')).toBeNull();
  });
});
