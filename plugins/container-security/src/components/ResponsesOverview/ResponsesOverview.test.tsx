import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { RespondersOverview } from '@containersec/plugin-container-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { mockApi } from '../../__testUtils__/components';
import {
  fakePermissions,
  responderAction,
} from '../ResponseSection/__testUtils__/responders';
import { SecurityOverviewPage } from '../SecurityOverviewPage';

const overview = (
  overrides: Partial<RespondersOverview> = {},
): RespondersOverview => ({
  enabled: true,
  killSwitch: false,
  rules: [
    {
      name: 'Quarantine on shell',
      mode: 'approval',
      source: 'examples/responders/rules/demo-rules.yaml:12',
      actions: ['quarantine'],
    },
    {
      name: 'Deactivate leaked key',
      mode: 'dry-run',
      source: 'examples/responders/rules/demo-rules.yaml:30',
      actions: ['deactivate-key'],
    },
  ],
  allowedFunctions: ['quarantine-pod', 'deactivate-access-key'],
  limits: {
    ruleCooldownSeconds: 600,
    serviceCooldownSeconds: 120,
    maxActionsPerHour: 30,
    actionsLastHour: 4,
  },
  approvalTimeoutSeconds: 14_400,
  ...overrides,
});

async function render(
  api: ReturnType<typeof mockApi>,
  allow: (name: string, resourceRef?: string) => boolean = () => true,
) {
  const permissions = fakePermissions(allow);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [containerSecurityApiRef, api],
        [permissionApiRef, permissions.api],
      ]}
    >
      <SecurityOverviewPage />
    </TestApiProvider>,
    { routeEntries: ['/?tab=responses'] },
  );
  return permissions;
}

describe('ResponsesOverview (the Responses tab)', () => {
  it('shows the state, limits and rules, and approves from the queue per service', async () => {
    const mine = responderAction('q1', {
      entityRef: 'component:default/queue-mine',
    });
    const theirs = responderAction('q2', {
      entityRef: 'component:default/queue-theirs',
      functionName: 'scale-to-zero',
    });
    const done = responderAction('q1', {
      entityRef: 'component:default/queue-mine',
      status: 'succeeded',
      result: { statusCode: 200, payload: { message: 'Quarantined' } },
    });
    const approve = jest.fn().mockResolvedValue(done);
    const listResponderActions = jest
      .fn()
      .mockImplementation(async (request?: { status?: string }) => {
        const decided = approve.mock.calls.length > 0;
        if (request?.status === 'pending-approval') {
          return { items: decided ? [theirs] : [mine, theirs] };
        }
        return { items: decided ? [done, theirs] : [mine, theirs] };
      });
    const api = mockApi({
      getRespondersOverview: jest.fn().mockResolvedValue(overview()),
      listResponderActions,
      approveResponderAction: approve,
    });
    const permissions = await render(
      api,
      (_name, resourceRef) => resourceRef === 'component:default/queue-mine',
    );

    expect(
      await screen.findByRole('tab', { name: 'Responses', selected: true }),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('responders-state')).toHaveTextContent(
      'On',
    );
    expect(screen.getByTestId('responders-kill-switch')).toHaveTextContent(
      'Off',
    );
    expect(screen.getByTestId('responders-last-hour')).toHaveTextContent(
      '4 / 30',
    );
    expect(screen.getByTestId('responders-rule-cooldown')).toHaveTextContent(
      '10 min',
    );
    expect(screen.getByTestId('responders-approval-timeout')).toHaveTextContent(
      '4 h',
    );
    const rules = screen.getAllByTestId('rule-row');
    expect(rules.map(r => r.textContent)).toEqual([
      'Quarantine on shellapprovalquarantineexamples/responders/rules/demo-rules.yaml:12',
      'Deactivate leaked keydry-rundeactivate-keyexamples/responders/rules/demo-rules.yaml:30',
    ]);

    // Function names are whole tokens: one per item, never broken inside.
    const allowed = screen.getAllByTestId('responders-allowed-function');
    expect(allowed.map(a => a.textContent)).toEqual([
      'quarantine-pod',
      'deactivate-access-key',
    ]);
    for (const a of allowed) expect(a).toHaveStyle({ whiteSpace: 'nowrap' });

    const queue = screen.getByTestId('approval-queue');
    const rows = await within(queue).findAllByTestId('responder-action-row');
    expect(rows).toHaveLength(2);
    expect(
      within(rows[1]).getByTestId('responder-action-function'),
    ).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(
      within(rows[1]).getByTestId('responder-action-function'),
    ).toHaveTextContent('scale-to-zero');
    expect(rows[0]).toHaveTextContent('component:default/queue-mine');
    // Approve is per service: allowed on the first, not on the second.
    const mineApprove = within(rows[0]).getByRole('button', {
      name: 'Approve',
    });
    await waitFor(() => expect(mineApprove).toBeEnabled());
    await waitFor(() =>
      expect(
        within(rows[1]).getByRole('button', { name: 'Approve' }),
      ).toBeDisabled(),
    );
    expect(
      within(rows[1]).getByLabelText(/may not approve or reject/),
    ).toBeInTheDocument();
    expect(permissions.asked).toEqual(
      expect.arrayContaining([
        {
          name: 'container-security.responder.approve',
          resourceRef: 'component:default/queue-theirs',
        },
      ]),
    );

    await userEvent.click(mineApprove);
    expect(approve).toHaveBeenCalledWith('q1');
    await waitFor(() =>
      expect(within(queue).getAllByTestId('responder-action-row')).toHaveLength(
        1,
      ),
    );
    const all = screen.getByTestId('all-responder-actions');
    expect(await within(all).findByText('Quarantined')).toBeInTheDocument();
  });

  it('filters every action by status', async () => {
    const listResponderActions = jest.fn().mockResolvedValue({ items: [] });
    const api = mockApi({
      getRespondersOverview: jest.fn().mockResolvedValue(overview()),
      listResponderActions,
    });
    await render(api);
    const all = await screen.findByTestId('all-responder-actions');
    expect(
      await within(all).findByText('No responder has acted yet.'),
    ).toBeInTheDocument();
    await userEvent.click(within(all).getByLabelText('Status'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Failed' }),
    );
    await waitFor(() =>
      expect(listResponderActions).toHaveBeenLastCalledWith({
        status: 'failed',
        limit: 20,
        cursor: undefined,
      }),
    );
    expect(
      await within(all).findByText('No action has this status.'),
    ).toBeInTheDocument();
  });

  it('warns when the kill switch is on', async () => {
    const api = mockApi({
      getRespondersOverview: jest
        .fn()
        .mockResolvedValue(overview({ enabled: false, killSwitch: true })),
      listResponderActions: jest.fn().mockResolvedValue({ items: [] }),
    });
    await render(api);
    expect(
      await screen.findByText(/The kill switch is on/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('responders-kill-switch')).toHaveTextContent(
      'On',
    );
  });

  it('says what to configure when responders are not set up, and shows load errors', async () => {
    const api = mockApi({
      getRespondersOverview: jest.fn().mockResolvedValue(
        overview({
          enabled: false,
          rules: [],
          allowedFunctions: [],
        }),
      ),
      listResponderActions: jest
        .fn()
        .mockRejectedValue(new Error('queue exploded')),
    });
    await render(api);
    expect(
      await screen.findByText('Responders are not set up'),
    ).toBeInTheDocument();
    expect(
      (await screen.findAllByText(/queue exploded/)).length,
    ).toBeGreaterThan(0);
  });
});
