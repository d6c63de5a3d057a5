import {
  compileTalonRules,
  parseTalonRules,
  TalonEvent,
  TalonRuleMatch,
} from '@containersec/plugin-container-security-node';
import { promises as fs } from 'fs';
import { loadConfig } from '../loadConfig';
import { UsageError } from './scan';

/** Output formats of `responders test`. */
export type RespondersFormat = 'json' | 'table';

/** What `responders test` prints for one event. */
interface EventResult {
  uuid: string | null;
  /** The event's line in the events file, 0-based. */
  index: number;
  matches: Array<{
    rule: string;
    dryRun: boolean;
    actions: Array<{
      action: string;
      actionner: string;
      functionName: string;
      qualifier: string;
      invocationType: string;
    }>;
  }>;
}

/**
 * `container-security responders test`: which Talon rules match each event of a JSONL
 * file, and which Lambda invocations they stand for, as `falco-talon check` would tell.
 * Bad rules or events throw {@link UsageError} with `file:line: problem` lines.
 */
export async function respondersTest(options: {
  rulesFiles: string[];
  eventsFile: string;
  format: RespondersFormat;
  configFiles: string[];
}): Promise<{ output: string }> {
  const actionners = await readActionners(options.configFiles);
  const files = await Promise.all(
    options.rulesFiles.map(async path => ({
      path,
      content: await fs.readFile(path, 'utf8'),
    })),
  );
  // TalonRulesError's message already lists file:line: problem; main.ts prints it.
  const matcher = compileTalonRules(parseTalonRules(files, { actionners }));
  const events = parseEvents(
    options.eventsFile,
    await fs.readFile(options.eventsFile, 'utf8'),
  );

  const results: EventResult[] = events.map(({ event, index }) => ({
    uuid: typeof event.uuid === 'string' ? event.uuid : null,
    index,
    matches: matcher.match(event).map(toOutput),
  }));
  return {
    output:
      options.format === 'json'
        ? JSON.stringify({ results }, null, 2)
        : formatTable(results),
  };
}

function toOutput(match: TalonRuleMatch): EventResult['matches'][number] {
  return {
    rule: match.rule.name,
    dryRun: match.dryRun,
    actions: match.actions.map(a => ({
      action: a.action,
      actionner: a.actionner,
      functionName: a.functionName,
      qualifier: a.qualifier,
      invocationType: a.invocationType,
    })),
  };
}

async function readActionners(
  configFiles: string[],
): Promise<Record<string, string>> {
  const config = await loadConfig(configFiles);
  const value = config?.getOptional('containerSecurity.responders.actionners');
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      'containerSecurity.responders.actionners must map Talon actionners to function names',
    );
  }
  const map: Record<string, string> = {};
  for (const [actionner, fn] of Object.entries(value)) {
    if (typeof fn !== 'string' || fn.trim() === '') {
      throw new UsageError(
        `containerSecurity.responders.actionners.${actionner} must be a function name`,
      );
    }
    map[actionner] = fn;
  }
  return map;
}

const FIELD_TYPES: Record<string, string> = {
  uuid: 'string',
  output: 'string',
  source: 'string',
  hostname: 'string',
  time: 'string',
};

/**
 * One Falco event a line (blank lines skipped). Every bad line is reported, not just the
 * first.
 */
export function parseEvents(
  file: string,
  text: string,
): Array<{ event: TalonEvent; index: number }> {
  const events: Array<{ event: TalonEvent; index: number }> = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const problem = (message: string) =>
      problems.push(`${file}:${index + 1}: ${message}`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      problem(`not JSON (${(e as Error).message})`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problem('a Falco event must be a JSON object');
      return;
    }
    const event = value as Record<string, unknown>;
    const bad: string[] = [];
    if (typeof event.rule !== 'string' || event.rule === '') {
      bad.push("'rule' must be a non-empty string");
    }
    if (typeof event.priority !== 'string') {
      bad.push("'priority' must be a string");
    }
    for (const [key, type] of Object.entries(FIELD_TYPES)) {
      if (event[key] !== undefined && typeof event[key] !== type) {
        bad.push(`'${key}' must be a ${type}`);
      }
    }
    if (
      event.tags !== undefined &&
      event.tags !== null &&
      !(
        Array.isArray(event.tags) &&
        event.tags.every(t => typeof t === 'string')
      )
    ) {
      bad.push("'tags' must be a list of strings");
    }
    if (
      event.output_fields !== undefined &&
      event.output_fields !== null &&
      (typeof event.output_fields !== 'object' ||
        Array.isArray(event.output_fields))
    ) {
      bad.push("'output_fields' must be an object");
    }
    if (bad.length > 0) {
      problem(bad.join('; '));
      return;
    }
    events.push({
      event: {
        ...event,
        tags: (event.tags ?? undefined) as string[] | undefined,
        output_fields: (event.output_fields ?? undefined) as
          | Record<string, unknown>
          | undefined,
      } as TalonEvent,
      index,
    });
  });
  if (problems.length > 0) {
    throw new UsageError(`invalid events:\n${problems.join('\n')}`);
  }
  return events;
}

function formatTable(results: EventResult[]): string {
  const rows: string[][] = [
    ['INDEX', 'UUID', 'RULE', 'DRY RUN', 'ACTION', 'ACTIONNER', 'INVOCATION'],
  ];
  for (const r of results) {
    const id = [String(r.index), r.uuid ?? '-'];
    if (r.matches.length === 0) {
      rows.push([...id, '(no rule matches)', '', '', '', '']);
      continue;
    }
    for (const m of r.matches) {
      for (const a of m.actions) {
        rows.push([
          ...id,
          m.rule,
          m.dryRun ? 'yes' : 'no',
          a.action,
          a.actionner,
          `${a.functionName}:${a.qualifier} (${a.invocationType})`,
        ]);
      }
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)));
  return rows
    .map(r =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
