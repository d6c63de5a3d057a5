import { PostureScanResult } from '@containersec/plugin-container-security-node';

/**
 * The documented JSON schema of `scan --format json`: a top-level `findings` array
 * (`checkId`, `severity`, `resource {kind, namespace, name}`, `container`, `message`,
 * `location`, and for checks citing a Pod Security Standards control the
 * `podSecurityVersion` they evaluated), the overall `score` and `grade`, per-workload
 * scores, and exemptions.
 */
export function formatJson(result: PostureScanResult): string {
  return JSON.stringify(
    {
      score: result.score ?? null,
      grade: result.grade ?? null,
      findings: result.findings,
      workloads: result.workloads,
      exempted: result.exempted.map(e => ({
        ...e.finding,
        exemption: e.exemption,
      })),
      expiredExemptions: result.expired.map(e => ({
        ...e.finding,
        exemption: e.exemption,
      })),
      invalidExemptions: result.invalidExemptions,
    },
    null,
    2,
  );
}
