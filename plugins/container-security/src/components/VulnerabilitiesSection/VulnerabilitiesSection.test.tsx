import { renderInTestApp } from '@backstage/test-utils';
import {
  EntityVulnerabilitiesResponse,
  ImageVulnerabilityReport,
} from '@containersec/plugin-container-security-common';
import { fireEvent, screen, within } from '@testing-library/react';
import {
  annotatedEntity,
  emptyVulnerabilities,
  mockApi,
  Wrapper,
} from '../../__testUtils__/components';
import { safeHttpUrl, VulnerabilitiesSection } from './VulnerabilitiesSection';

const report = (
  overrides: Partial<ImageVulnerabilityReport> = {},
): ImageVulnerabilityReport => ({
  image: 'registry/payments:1',
  source: 'trivy',
  scannedAt: '2026-11-22T10:15:00.000Z',
  counts: { critical: 1, high: 2, medium: 0, low: 3, unknown: 0 },
  fixable: 2,
  vulnerabilities: [
    {
      id: 'CVE-2026-0001',
      severity: 'critical',
      packageName: 'openssl',
      installedVersion: '3.0.1',
      fixedVersion: '3.0.9',
      title: 'Buffer overflow in openssl',
      url: 'https://avd.aquasec.com/nvd/cve-2026-0001',
    },
    {
      id: 'CVE-2026-0002',
      severity: 'high',
      packageName: 'zlib',
      installedVersion: '1.2.11',
      title: 'Memory corruption in zlib',
    },
  ],
  ...overrides,
});

const vulnerabilities = (): EntityVulnerabilitiesResponse =>
  emptyVulnerabilities({
    totals: { critical: 1, high: 2, medium: 0, low: 3, unknown: 0 },
    fixable: 2,
    images: [
      {
        image: 'registry/payments:1',
        workloads: [
          'Deployment/payments/payments-api',
          'Deployment/payments/payments-worker',
        ],
        report: report(),
      },
      {
        image: 'istio/proxyv2:1.24.0',
        workloads: ['Deployment/payments/payments-api'],
      },
    ],
  });

/** `javascript:`, spelled so that linters do not take the tests for script URLs. */
const JS = ['java', 'script:'].join('');

async function render(api: ReturnType<typeof mockApi>) {
  return renderInTestApp(
    <Wrapper api={api} entity={annotatedEntity}>
      <VulnerabilitiesSection />
    </Wrapper>,
  );
}

describe('VulnerabilitiesSection', () => {
  it('shows an entity none of whose images was scanned as unscanned, not as clean', async () => {
    const api = mockApi({
      getEntityVulnerabilities: jest.fn().mockResolvedValue(
        emptyVulnerabilities({
          images: ['a:1', 'b:1', 'c:1'].map(image => ({
            image,
            workloads: ['Deployment/payments/payments-api'],
          })),
        }),
      ),
    });
    await render(api);
    const totals = await screen.findByTestId('vulnerability-totals');
    expect(
      within(totals).getByTestId('vulnerability-unscanned'),
    ).toHaveTextContent('Not scanned');
    expect(within(totals).queryByText(/0 critical/)).toBeNull();
    expect(within(totals).queryByText(/fixable/)).toBeNull();
    expect(
      within(totals).getByTestId('vulnerability-scanned'),
    ).toHaveTextContent('None of the 3 images has a scan report yet');
  });

  it('says which images partial totals leave out', async () => {
    const api = mockApi({
      getEntityVulnerabilities: jest.fn().mockResolvedValue(vulnerabilities()),
    });
    await render(api);
    expect(
      await screen.findByTestId('vulnerability-scanned'),
    ).toHaveTextContent('these counts leave out the 1 not scanned');
  });

  it('shows the totals by severity and the fixable count', async () => {
    const api = mockApi({
      getEntityVulnerabilities: jest.fn().mockResolvedValue(vulnerabilities()),
    });
    await render(api);
    const section = await screen.findByTestId('vulnerabilities-section');
    expect(
      within(section).getByRole('heading', { name: 'Vulnerabilities' }),
    ).toBeInTheDocument();
    const totals = await within(section).findByTestId('vulnerability-totals');
    expect(
      within(totals).getByTestId('vulnerability-count-critical'),
    ).toHaveTextContent('1 critical');
    expect(
      within(totals).getByTestId('vulnerability-count-high'),
    ).toHaveTextContent('2 high');
    expect(
      within(totals).getByTestId('vulnerability-count-low'),
    ).toHaveTextContent('3 low');
    expect(
      within(totals).getByTestId('vulnerability-count-unknown'),
    ).toHaveTextContent('0 unknown');
    expect(
      within(totals).getByTestId('vulnerability-fixable'),
    ).toHaveTextContent('2 fixable');
    expect(
      within(totals).getByTestId('vulnerability-scanned'),
    ).toHaveTextContent('1 of 2 images scanned');
    expect(api.getEntityVulnerabilities).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('lists each image with its workloads, source, counts, fixable and scan time', async () => {
    const api = mockApi({
      getEntityVulnerabilities: jest.fn().mockResolvedValue(vulnerabilities()),
    });
    await render(api);
    const rows = await screen.findAllByTestId('image-row');
    expect(rows).toHaveLength(2);
    const [scanned, notScanned] = rows;

    expect(within(scanned).getByTestId('image-ref')).toHaveTextContent(
      '…/payments:1',
    );
    expect(
      within(scanned).getByLabelText('registry/payments:1'),
    ).toBeInTheDocument();
    expect(
      within(scanned).getByText('Deployment/payments/payments-api'),
    ).toBeInTheDocument();
    expect(
      within(scanned).getByText('Deployment/payments/payments-worker'),
    ).toBeInTheDocument();
    expect(within(scanned).getByText('trivy')).toBeInTheDocument();
    expect(
      within(scanned).getByTestId('image-count-critical'),
    ).toHaveTextContent('1');
    expect(within(scanned).getByTestId('image-count-high')).toHaveTextContent(
      '2',
    );
    expect(within(scanned).getByTestId('image-count-low')).toHaveTextContent(
      '3',
    );
    expect(within(scanned).getByTestId('image-fixable')).toHaveTextContent('2');
    expect(
      within(scanned).getByText('2026-11-22 10:15 UTC'),
    ).toBeInTheDocument();
    expect(within(scanned).queryByText('Not scanned')).toBeNull();

    // An image without a report is listed as not scanned, without an expander.
    expect(
      within(notScanned).getByLabelText('istio/proxyv2:1.24.0'),
    ).toBeInTheDocument();
    expect(within(notScanned).getByText('Not scanned')).toBeInTheDocument();
    expect(within(notScanned).queryByTestId('image-fixable')).toBeNull();
    expect(
      within(notScanned).queryByRole('button', { name: /^Show/ }),
    ).toBeNull();
  });

  it('expands an image to its top vulnerabilities', async () => {
    const api = mockApi({
      getEntityVulnerabilities: jest.fn().mockResolvedValue(vulnerabilities()),
    });
    await render(api);
    const [scanned] = await screen.findAllByTestId('image-row');
    const toggle = within(scanned).getByRole('button', {
      name: 'Show vulnerabilities of registry/payments:1',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    expect(
      within(scanned).getByRole('button', {
        name: 'Hide vulnerabilities of registry/payments:1',
      }),
    ).toHaveAttribute('aria-expanded', 'true');

    const items = within(scanned).getAllByTestId('vulnerability');
    expect(items).toHaveLength(2);
    const [critical, high] = items;

    const link = within(critical).getByRole('link', { name: 'CVE-2026-0001' });
    expect(link).toHaveAttribute(
      'href',
      'https://avd.aquasec.com/nvd/cve-2026-0001',
    );
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(critical).getByText('critical')).toBeInTheDocument();
    expect(within(critical).getByText('openssl')).toBeInTheDocument();
    expect(within(critical).getByText('3.0.1 → 3.0.9')).toBeInTheDocument();
    expect(
      within(critical).getByText('Buffer overflow in openssl'),
    ).toBeInTheDocument();

    // No URL: the id is plain text; no fixed version: said so.
    expect(within(high).getByText('CVE-2026-0002')).toBeInTheDocument();
    expect(within(high).queryByRole('link')).toBeNull();
    expect(within(high).getByText('high')).toBeInTheDocument();
    expect(within(high).getByText('1.2.11 (no fix)')).toBeInTheDocument();
  });

  it('says when only the most severe vulnerabilities are listed', async () => {
    const api = mockApi({
      getEntityVulnerabilities: jest.fn().mockResolvedValue(vulnerabilities()),
    });
    await render(api);
    const [scanned] = await screen.findAllByTestId('image-row');
    fireEvent.click(within(scanned).getByRole('button', { name: /^Show/ }));
    expect(
      within(scanned).getByText('The 2 most severe of 6 vulnerabilities'),
    ).toBeInTheDocument();
  });

  it('never turns a non-http(s) URL into a link, and renders hostile text as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const api = mockApi({
      getEntityVulnerabilities: jest.fn().mockResolvedValue(
        emptyVulnerabilities({
          totals: { critical: 0, high: 3, medium: 0, low: 0, unknown: 0 },
          images: [
            {
              image: hostile,
              workloads: [`Deployment/payments/${hostile}`],
              report: report({
                image: hostile,
                source: hostile,
                scannedAt: hostile,
                counts: { critical: 0, high: 3, medium: 0, low: 0, unknown: 0 },
                vulnerabilities: [
                  {
                    id: 'CVE-2026-1111',
                    severity: 'high',
                    packageName: hostile,
                    installedVersion: hostile,
                    title: `<b>${hostile}</b>`,
                    url: `${JS}alert(document.cookie)`,
                  },
                  {
                    id: 'CVE-2026-2222',
                    severity: 'high',
                    packageName: 'p',
                    url: `${JS.toUpperCase()}alert(1)`,
                  },
                  {
                    id: 'CVE-2026-3333',
                    severity: 'high',
                    packageName: 'p',
                    url: 'data:text/html,<script>alert(1)</script>',
                  },
                ],
              }),
            },
          ],
        }),
      ),
    });
    const { container } = await render(api);
    const [row] = await screen.findAllByTestId('image-row');
    fireEvent.click(within(row).getByRole('button', { name: /^Show/ }));

    for (const id of ['CVE-2026-1111', 'CVE-2026-2222', 'CVE-2026-3333']) {
      expect(within(row).getByText(id)).toBeInTheDocument();
    }
    expect(within(row).queryByRole('link')).toBeNull();
    expect(container.querySelector('a[href^="javascript" i]')).toBeNull();
    expect(container.querySelector('a[href^="data" i]')).toBeNull();

    expect(within(row).getAllByText(hostile).length).toBeGreaterThanOrEqual(3);
    expect(
      within(row).getByText(`Deployment/payments/${hostile}`),
    ).toBeInTheDocument();
    expect(within(row).getByText(`<b>${hostile}</b>`)).toBeInTheDocument();
    expect(within(row).getByText(`${hostile} (no fix)`)).toBeInTheDocument();
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('shows "No images found" when the entity runs no image', async () => {
    const api = mockApi({});
    await render(api);
    expect(await screen.findByText('No images found')).toBeInTheDocument();
    expect(screen.queryByTestId('image-row')).toBeNull();
    expect(screen.queryByTestId('vulnerability-totals')).toBeNull();
  });

  it('shows a progress bar while loading', async () => {
    const api = mockApi({
      getEntityVulnerabilities: jest
        .fn()
        .mockReturnValue(new Promise(() => {})),
    });
    await render(api);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByTestId('image-row')).toBeNull();
    expect(screen.queryByText('No images found')).toBeNull();
  });

  it('shows the error the backend gave', async () => {
    const api = mockApi({
      getEntityVulnerabilities: jest
        .fn()
        .mockRejectedValue(new Error('scanner store unavailable')),
    });
    await render(api);
    expect(
      await screen.findByText('Error: scanner store unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('image-row')).toBeNull();
  });
});

describe('safeHttpUrl', () => {
  it('keeps only absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://nvd.nist.gov/vuln/detail/CVE-1')).toBe(
      'https://nvd.nist.gov/vuln/detail/CVE-1',
    );
    expect(safeHttpUrl('http://example.com/a')).toBe('http://example.com/a');
    expect(safeHttpUrl(undefined)).toBeUndefined();
    expect(safeHttpUrl('')).toBeUndefined();
    expect(safeHttpUrl(`${JS}alert(1)`)).toBeUndefined();
    expect(safeHttpUrl(` ${JS}alert(1)`)).toBeUndefined();
    expect(safeHttpUrl('data:text/html,x')).toBeUndefined();
    expect(safeHttpUrl('/relative/path')).toBeUndefined();
    expect(safeHttpUrl('ftp://example.com/file')).toBeUndefined();
  });
});
