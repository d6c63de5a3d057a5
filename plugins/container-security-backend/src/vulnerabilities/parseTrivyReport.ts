import {
  ImageVulnerability,
  VulnerabilitySeverity,
} from '@containersec/plugin-container-security-common';
import { z } from 'zod';

/** What one Trivy JSON report (`trivy image --format json`) says about one image. */
export interface ParsedTrivyReport {
  artifactName: string;
  /** `ArtifactName`, `Metadata.RepoTags` and `Metadata.RepoDigests`: the names the image matches. */
  references: string[];
  createdAt?: string;
  vulnerabilities: ImageVulnerability[];
}

const optionalString = z.string().nullish();

const vulnerabilitySchema = z.object({
  VulnerabilityID: z.string(),
  PkgName: z.string(),
  InstalledVersion: optionalString,
  FixedVersion: optionalString,
  Severity: optionalString,
  Title: optionalString,
  PrimaryURL: optionalString,
});

const reportSchema = z.object({
  SchemaVersion: z.literal(2),
  ArtifactName: z.string(),
  CreatedAt: optionalString,
  Metadata: z
    .object({
      RepoTags: z.array(z.string()).nullish(),
      RepoDigests: z.array(z.string()).nullish(),
    })
    .nullish(),
  Results: z
    .array(
      z.object({
        Vulnerabilities: z.array(vulnerabilitySchema).nullish(),
      }),
    )
    .nullish(),
});

const SEVERITIES: Record<string, VulnerabilitySeverity> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
};

function severityOf(
  severity: string | null | undefined,
): VulnerabilitySeverity {
  return SEVERITIES[(severity ?? '').toUpperCase()] ?? 'unknown';
}

/**
 * Parses a Trivy image report (SchemaVersion 2). Throws an error saying what is wrong when
 * the document is not one.
 */
export function parseTrivyReport(document: unknown): ParsedTrivyReport {
  const parsed = reportSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new Error(
      `not a Trivy JSON report (SchemaVersion 2): ${issue.message}${where}`,
    );
  }
  const report = parsed.data;
  const references = [
    report.ArtifactName,
    ...(report.Metadata?.RepoTags ?? []),
    ...(report.Metadata?.RepoDigests ?? []),
  ];
  const vulnerabilities = (report.Results ?? []).flatMap(result =>
    (result.Vulnerabilities ?? []).map(
      (v): ImageVulnerability => ({
        id: v.VulnerabilityID,
        severity: severityOf(v.Severity),
        packageName: v.PkgName,
        installedVersion: v.InstalledVersion || undefined,
        fixedVersion: v.FixedVersion || undefined,
        title: v.Title || undefined,
        url: v.PrimaryURL || undefined,
      }),
    ),
  );
  return {
    artifactName: report.ArtifactName,
    references: [...new Set(references)],
    createdAt: report.CreatedAt || undefined,
    vulnerabilities,
  };
}
