import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  annotatedEntity,
  emptyPosture,
  emptyVulnerabilities,
  mockApi,
  plainEntity,
  response,
  workload,
  Wrapper,
} from '../../__testUtils__/components';
import { EntitySecurityContent } from './EntitySecurityContent';

describe('EntitySecurityContent', () => {
  it('lists the workloads with their images, rendering hostile text as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(response([workload('payments-api', hostile)])),
    });
    const { container } = await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <EntitySecurityContent />
      </Wrapper>,
    );
    expect(await screen.findByText('payments-api')).toBeInTheDocument();
    expect(screen.getByText(`app: ${hostile}`)).toBeInTheDocument();
    expect(container.querySelector('img[src="x"]')).toBeNull();
  });

  it('shows the posture above the workloads', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
          response([workload('payments-api', 'registry/payments:1')]),
        ),
      getEntityPosture: jest.fn().mockResolvedValue(
        emptyPosture({
          score: 100,
          grade: 'A',
          resources: [
            {
              resource: {
                kind: 'Deployment',
                namespace: 'payments',
                name: 'payments-api',
              },
              cluster: 'demo-eks',
              isWorkload: true,
              score: 100,
              grade: 'A',
              findings: [],
              exempted: [],
            },
          ],
        }),
      ),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <EntitySecurityContent />
      </Wrapper>,
    );
    const noFindings = await screen.findByText('No findings');
    const workloadsTable = await screen.findByText('payments-api');
    expect(
      noFindings.compareDocumentPosition(workloadsTable) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(
      screen.getByRole('heading', { name: 'Posture' }),
    ).toBeInTheDocument();
  });

  it('shows the vulnerabilities between the posture and the workloads', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
          response([workload('payments-api', 'registry/payments:1')]),
        ),
      getEntityVulnerabilities: jest.fn().mockResolvedValue(
        emptyVulnerabilities({
          images: [
            {
              image: 'registry/payments:1',
              workloads: ['Deployment/payments/payments-api'],
            },
          ],
        }),
      ),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <EntitySecurityContent />
      </Wrapper>,
    );
    const section = await screen.findByTestId('vulnerabilities-section');
    expect(await screen.findByTestId('image-row')).toHaveTextContent(
      'Not scanned',
    );
    const posture = screen.getByRole('heading', { name: 'Posture' });
    const workloads = await screen.findByRole('button', { name: 'Rescan' });
    expect(
      posture.compareDocumentPosition(section) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(
      section.compareDocumentPosition(workloads) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('schedules a rescan and reloads', async () => {
    const api = mockApi({
      getEntityWorkloads: jest.fn().mockResolvedValue(response([])),
      refreshEntity: jest.fn().mockResolvedValue({ status: 'scheduled' }),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <EntitySecurityContent />
      </Wrapper>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Rescan' }));
    await waitFor(() =>
      expect(api.getEntityWorkloads).toHaveBeenCalledTimes(2),
    );
    await waitFor(() => expect(api.getEntityPosture).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(api.getEntityVulnerabilities).toHaveBeenCalledTimes(2),
    );
    expect(api.refreshEntity).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('shows the missing-annotation state for entities without Kubernetes annotations', async () => {
    const api = mockApi({});
    await renderInTestApp(
      <Wrapper api={api} entity={plainEntity}>
        <EntitySecurityContent />
      </Wrapper>,
    );
    expect(
      await screen.findByText('backstage.io/kubernetes-id'),
    ).toBeInTheDocument();
    expect(api.getEntityWorkloads).not.toHaveBeenCalled();
    expect(api.getEntityPosture).not.toHaveBeenCalled();
    expect(api.getEntityVulnerabilities).not.toHaveBeenCalled();
  });
});
