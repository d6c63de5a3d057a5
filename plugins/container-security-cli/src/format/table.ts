import { SEVERITIES } from '@containersec/plugin-container-security-common';
import { PostureScanResult } from '@containersec/plugin-container-security-node';

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows
    .map(r =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** For people: one line per finding, then the workload scores and a summary. */
export function formatTable(result: PostureScanResult): string {
  const lines: string[] = [];
  if (result.findings.length > 0) {
    lines.push(
      pad([
        ['SEVERITY', 'CHECK', 'RESOURCE', 'CONTAINER', 'MESSAGE'],
        ...result.findings.map(f => [
          f.severity,
          f.checkId,
          `${f.resource.kind}/${
            f.resource.namespace ? `${f.resource.namespace}/` : ''
          }${f.resource.name}`,
          f.container ?? '-',
          f.message,
        ]),
      ]),
      '',
    );
  }
  if (result.workloads.length > 0) {
    lines.push(
      pad([
        ['WORKLOAD', 'SCORE', 'GRADE', 'FINDINGS'],
        ...result.workloads.map(w => [
          `${w.resource.kind}/${w.resource.namespace}/${w.resource.name}`,
          String(w.score),
          w.grade,
          String(w.findingCount),
        ]),
      ]),
      '',
    );
  }
  const counts = SEVERITIES.map(
    s => `${result.findings.filter(f => f.severity === s).length} ${s}`,
  ).join(', ');
  lines.push(
    `${result.findings.length} findings (${counts}), ${result.exempted.length} exempted, ${result.expired.length} with expired exemptions`,
    result.score === undefined
      ? 'No workloads found.'
      : `Score ${result.score}/100, grade ${result.grade}`,
  );
  return lines.join('\n');
}
