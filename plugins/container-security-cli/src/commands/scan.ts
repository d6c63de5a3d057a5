import {
  Severity,
  SEVERITIES,
} from '@containersec/plugin-container-security-common';
import {
  PostureScanResult,
  readManifestFiles,
  readPostureRules,
  scanPosture,
} from '@containersec/plugin-container-security-node';
import { loadConfig } from '../loadConfig';
import { formatJson } from '../format/json';
import { formatSarif } from '../format/sarif';
import { formatTable } from '../format/table';

export type ScanFormat = 'table' | 'json' | 'sarif';

/** A problem with the input or the configuration: exit code 2 with this message. */
export class UsageError extends Error {}

/** Whether any counted finding is at or above the threshold. */
export function reachesThreshold(
  result: PostureScanResult,
  failOn: Severity | 'none',
): boolean {
  if (failOn === 'none') return false;
  const limit = SEVERITIES.indexOf(failOn);
  return result.findings.some(f => SEVERITIES.indexOf(f.severity) <= limit);
}

/** `container-security scan`: returns the report text and the result. */
export async function scan(options: {
  paths: string[];
  format: ScanFormat;
  configFiles: string[];
  cwd: string;
  now: Date;
}): Promise<{ output: string; result: PostureScanResult; warnings: string[] }> {
  const config = await loadConfig(options.configFiles);
  const rules = readPostureRules(config);
  const objects = await readManifestFiles(options.paths);
  const result = scanPosture(objects, { rules, now: options.now });
  if (result.customCheckErrors.length > 0) {
    throw new UsageError(
      result.customCheckErrors
        .map(
          e =>
            `custom check ${e.id} does not compile: ${e.error}\n  expression: ${e.expression}`,
        )
        .join('\n'),
    );
  }
  const warnings = result.invalidExemptions.map(
    i =>
      `ignored ${i.annotation} on ${i.resource.kind}/${i.resource.name}: ${i.problem}`,
  );
  let output: string;
  switch (options.format) {
    case 'json':
      output = formatJson(result);
      break;
    case 'sarif':
      output = formatSarif(result, options.cwd);
      break;
    default:
      output = formatTable(result);
  }
  return { output, result, warnings };
}
