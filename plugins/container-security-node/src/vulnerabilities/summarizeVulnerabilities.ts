import {
  ImageVulnerability,
  ImageVulnerabilityReport,
  VULNERABILITY_SEVERITIES,
  VulnerabilityCounts,
} from '@containersec/plugin-container-security-common';

const TOP = 50;

/**
 * Zero counts.
 *
 * @public
 */
export function emptyVulnerabilityCounts(): VulnerabilityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

/**
 * Builds an image's report from its vulnerabilities: counts, fixable count, and the most
 * severe first (fixable before unfixable within a severity), de-duplicated by id and package.
 *
 * @public
 */
export function summarizeVulnerabilities(
  image: string,
  source: string,
  vulnerabilities: ImageVulnerability[],
  scannedAt?: string,
): ImageVulnerabilityReport {
  const unique = new Map<string, ImageVulnerability>();
  for (const v of vulnerabilities) unique.set(`${v.id}|${v.packageName}`, v);
  const all = [...unique.values()];
  const counts = emptyVulnerabilityCounts();
  for (const v of all) counts[v.severity] += 1;
  const rank = (v: ImageVulnerability) =>
    VULNERABILITY_SEVERITIES.indexOf(v.severity) * 2 + (v.fixedVersion ? 0 : 1);
  return {
    image,
    source,
    scannedAt,
    counts,
    fixable: all.filter(v => v.fixedVersion).length,
    vulnerabilities: all
      .sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))
      .slice(0, TOP),
  };
}
