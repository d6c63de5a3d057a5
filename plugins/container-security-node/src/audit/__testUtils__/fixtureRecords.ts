import fs from 'fs';
import path from 'path';
import { CloudTrailRecord } from '../types';

const FIXTURE = path.resolve(
  __dirname,
  '../../../../../../shared/fixtures/cloudtrail/records.jsonl',
);

/** The public CloudTrail records of the shared fixtures, by their 1-based line number (see SOURCES.md). */
export function fixtureRecord(line: number): CloudTrailRecord {
  const lines = fs.readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);
  return JSON.parse(lines[line - 1]);
}

/** Every fixture record. */
export function allFixtureRecords(): CloudTrailRecord[] {
  return fs
    .readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l));
}

/** A deep copy with changes, for the cases the public records lack. */
export function modified(
  line: number,
  change: (record: CloudTrailRecord) => void,
): CloudTrailRecord {
  const copy = structuredClone(fixtureRecord(line));
  change(copy);
  return copy;
}
