import fs from 'node:fs';
import path from 'node:path';
import { NewFalcoAlert } from '../FalcoAlertStore';
import { parseFalcoEventText, ParseContext } from '../ingest/parseEvent';

/** The public sample events (see ../shared/fixtures/falco/SOURCES.md), one JSON text per line. */
export const FALCO_FIXTURE_PATH = path.resolve(
  __dirname,
  '../../../../../../shared/fixtures/falco/events.jsonl',
);

/** The fixture lines, as the exact JSON texts Falco sent. */
export function readFalcoFixtureLines(): string[] {
  return fs
    .readFileSync(FALCO_FIXTURE_PATH, 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '');
}

/** A parse context for tests. */
export function testParseContext(
  overrides: Partial<ParseContext> = {},
): ParseContext {
  return {
    receivedAt: 1_700_000_000_000,
    clusterFields: ['cluster'],
    hostnameClusters: [],
    maxEventBytes: 64 * 1024,
    ...overrides,
  };
}

/** The fixtures as alerts ready to store. */
export function fixtureAlerts(
  overrides: Partial<ParseContext> = {},
): NewFalcoAlert[] {
  return readFalcoFixtureLines().map((line, i) => {
    const result = parseFalcoEventText(line, testParseContext(overrides));
    if (!result.ok) throw new Error(`fixture line ${i + 1}: ${result.error}`);
    return result.alert;
  });
}
