import {
  getCheckDefinition,
  Severity,
} from '@containersec/plugin-container-security-common';
import { PostureScanResult } from '@containersec/plugin-container-security-node';
import path from 'path';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** SARIF 2.1.0 for code-scanning tools; locations are relative to `baseDir`. */
export function formatSarif(
  result: PostureScanResult,
  baseDir: string,
): string {
  const ruleIds = [...new Set(result.findings.map(f => f.checkId))].sort();
  const rules = ruleIds.map(id => {
    const d = getCheckDefinition(id);
    return {
      id,
      name: id,
      shortDescription: { text: d?.title ?? id },
      fullDescription: { text: d?.rationale ?? id },
      help: { text: d?.remediation ?? '' },
      properties: { tags: d ? [d.category, ...d.references] : [] },
    };
  });
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'container-security',
              informationUri:
                'https://github.com/containersec/container-security',
              rules,
            },
          },
          results: result.findings.map(f => ({
            ruleId: f.checkId,
            ruleIndex: ruleIds.indexOf(f.checkId),
            level: LEVEL[f.severity],
            message: {
              text: `${f.resource.kind}/${f.resource.name}: ${f.message}`,
            },
            properties: { severity: f.severity },
            locations: f.location
              ? [
                  {
                    physicalLocation: {
                      artifactLocation: {
                        uri: path
                          .relative(baseDir, f.location.file)
                          .split(path.sep)
                          .join('/'),
                      },
                      region: { startLine: f.location.line },
                    },
                  },
                ]
              : [],
          })),
        },
      ],
    },
    null,
    2,
  );
}
