import { CHECK_DEFINITIONS } from '@containersec/plugin-container-security-common';

/** `container-security checks`: the catalogue, for people or as JSON. */
export function listChecks(format: 'table' | 'json'): string {
  if (format === 'json') {
    return JSON.stringify(
      CHECK_DEFINITIONS.map(d => ({
        id: d.id,
        title: d.title,
        category: d.category,
        severity: d.severity,
        references: d.references,
      })),
      null,
      2,
    );
  }
  const width = Math.max(...CHECK_DEFINITIONS.map(d => d.id.length));
  return [
    ...CHECK_DEFINITIONS.map(
      d => `${d.id.padEnd(width)}  ${d.severity.padEnd(8)}  ${d.title}`,
    ),
    `${CHECK_DEFINITIONS.length} checks`,
  ].join('\n');
}
