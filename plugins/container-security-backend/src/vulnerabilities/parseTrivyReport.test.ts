import { parseTrivyReport } from './parseTrivyReport';

const report = {
  SchemaVersion: 2,
  CreatedAt: '2026-11-20T08:12:44.512Z',
  ArtifactName: 'nginx:1.27',
  ArtifactType: 'container_image',
  Metadata: {
    OS: { Family: 'debian', Name: '12.7' },
    RepoTags: ['nginx:1.27'],
    RepoDigests: [
      'nginx@sha256:28402db69fec7c17e179ea87882667f1e054391138f77ffaf0c3eb388efc3ffb',
    ],
  },
  Results: [
    {
      Target: 'nginx:1.27 (debian 12.7)',
      Class: 'os-pkgs',
      Type: 'debian',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-2024-45490',
          PkgName: 'libexpat1',
          InstalledVersion: '2.5.0-1',
          FixedVersion: '2.5.0-1+deb12u1',
          Status: 'fixed',
          PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2024-45490',
          Title: 'libexpat: Negative Length Parsing Vulnerability in libexpat',
          Severity: 'CRITICAL',
        },
        {
          VulnerabilityID: 'CVE-2023-45853',
          PkgName: 'zlib1g',
          InstalledVersion: '1:1.2.13.dfsg-1',
          Status: 'will_not_fix',
          Severity: 'CRITICAL',
        },
        {
          VulnerabilityID: 'CVE-2011-3374',
          PkgName: 'apt',
          InstalledVersion: '2.6.1',
          Severity: 'LOW',
        },
        {
          VulnerabilityID: 'TEMP-0841856-B18BAF',
          PkgName: 'bash',
          InstalledVersion: '5.2.15-2+b7',
          Severity: 'UNKNOWN',
        },
      ],
    },
    { Target: 'usr/local/bin/app', Class: 'lang-pkgs', Type: 'gobinary' },
    {
      Target: 'app/package-lock.json',
      Class: 'lang-pkgs',
      Vulnerabilities: null,
    },
  ],
};

describe('parseTrivyReport', () => {
  it('reads the names and vulnerabilities of a report', () => {
    const parsed = parseTrivyReport(report);
    expect(parsed.artifactName).toBe('nginx:1.27');
    expect(parsed.createdAt).toBe('2026-11-20T08:12:44.512Z');
    expect(parsed.references).toEqual([
      'nginx:1.27',
      'nginx@sha256:28402db69fec7c17e179ea87882667f1e054391138f77ffaf0c3eb388efc3ffb',
    ]);
    expect(parsed.vulnerabilities).toEqual([
      {
        id: 'CVE-2024-45490',
        severity: 'critical',
        packageName: 'libexpat1',
        installedVersion: '2.5.0-1',
        fixedVersion: '2.5.0-1+deb12u1',
        title: 'libexpat: Negative Length Parsing Vulnerability in libexpat',
        url: 'https://avd.aquasec.com/nvd/cve-2024-45490',
      },
      {
        id: 'CVE-2023-45853',
        severity: 'critical',
        packageName: 'zlib1g',
        installedVersion: '1:1.2.13.dfsg-1',
        fixedVersion: undefined,
        title: undefined,
        url: undefined,
      },
      expect.objectContaining({ id: 'CVE-2011-3374', severity: 'low' }),
      expect.objectContaining({
        id: 'TEMP-0841856-B18BAF',
        severity: 'unknown',
      }),
    ]);
  });

  it('accepts reports without results or metadata', () => {
    expect(
      parseTrivyReport({
        SchemaVersion: 2,
        ArtifactName: 'a:1',
        Results: null,
      }),
    ).toEqual({
      artifactName: 'a:1',
      references: ['a:1'],
      createdAt: undefined,
      vulnerabilities: [],
    });
    expect(
      parseTrivyReport({ SchemaVersion: 2, ArtifactName: 'a:1' })
        .vulnerabilities,
    ).toEqual([]);
  });

  it('rejects what is not a SchemaVersion 2 report', () => {
    expect(() => parseTrivyReport(null)).toThrow(/not a Trivy JSON report/);
    expect(() => parseTrivyReport([])).toThrow(/not a Trivy JSON report/);
    expect(() => parseTrivyReport({ ...report, SchemaVersion: 1 })).toThrow(
      /SchemaVersion/,
    );
    expect(() => parseTrivyReport({ SchemaVersion: 2, Results: [] })).toThrow(
      /ArtifactName/,
    );
    expect(() =>
      parseTrivyReport({
        SchemaVersion: 2,
        ArtifactName: 'a:1',
        Results: [{ Vulnerabilities: [{ PkgName: 'x' }] }],
      }),
    ).toThrow(/Results\.0\.Vulnerabilities\.0\.VulnerabilityID/);
  });
});
