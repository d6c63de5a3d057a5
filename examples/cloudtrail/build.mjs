#!/usr/bin/env node
// Builds the demo's CloudTrail log files from the public records in
// ../../../shared/fixtures/cloudtrail/records.jsonl (never edited), laid out as CloudTrail
// delivers them to S3. What is adjusted, and why, is listed in README.md.
// Run: node examples/cloudtrail/build.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.resolve(
  here,
  process.argv[2] ?? '../../../shared/fixtures/cloudtrail/records.jsonl',
);
const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const START = Date.parse('2026-11-20T08:00:00Z');
const SPACING_MS = 37 * 60_000;
const PER_FILE = 5;

const role = name => `arn:aws:iam::${ACCOUNT}:role/irsa/${name}`;
const session = (name, id) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${id}`;

/** Per record (1-based line): how the copy is tied to a demo service. */
const ties = {
  // AttachRolePolicy AdministratorAccess: the payments-api IRSA role is granted admin.
  18: r => {
    r.requestParameters.roleName = 'payments-api';
  },
  // LeaveOrganization denied, called by the payments-api pod's role session.
  5: r => actAs(r, 'payments-api'),
  // GetCallerIdentity from the payments-api pod's role session.
  26: r => actAs(r, 'payments-api'),
  // GetPasswordData denied, called by the ledger-worker pod's role session.
  24: r => actAs(r, 'ledger-worker'),
  // UpdateAssumeRolePolicy on the ledger-worker role.
  13: r => {
    r.requestParameters.roleName = 'ledger-worker';
  },
  // Two AWS doc examples share one eventID; the copy of the second gets its own.
  32: r => {
    r.eventID = `${r.eventID}-2`;
  },
};

function actAs(record, name) {
  const identity = record.userIdentity;
  const sessionName = identity.arn.split('/').pop();
  identity.arn = session(name, sessionName);
  identity.sessionContext.sessionIssuer.arn = role(name);
  identity.sessionContext.sessionIssuer.userName = name;
}

const lines = fs.readFileSync(fixture, 'utf8').split('\n').filter(Boolean);
const records = lines.map((line, index) => {
  const original = JSON.parse(line);
  // One demo account and region: the anonymised records carry random account ids and
  // made-up regions, the AWS examples placeholders.
  const accounts = new Set(
    [original.recipientAccountId, original.userIdentity?.accountId].filter(
      a => a && a !== ACCOUNT,
    ),
  );
  let text = line;
  for (const account of accounts) text = text.split(account).join(ACCOUNT);
  const record = JSON.parse(text);
  record.recipientAccountId = ACCOUNT;
  record.awsRegion = REGION;
  // Recent, evenly spaced times in fixture order, so the demo timeline reads like last days' activity.
  record.eventTime = new Date(START + index * SPACING_MS)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  ties[index + 1]?.(record);
  return record;
});

const root = path.join(here, 'AWSLogs', ACCOUNT, 'CloudTrail', REGION);
fs.rmSync(path.join(here, 'AWSLogs'), { recursive: true, force: true });
for (let i = 0; i < records.length; i += PER_FILE) {
  const batch = records.slice(i, i + PER_FILE);
  const first = new Date(batch[0].eventTime);
  const day = first.toISOString().slice(0, 10).split('-');
  const stamp = first.toISOString().replace(/[-:]/g, '').slice(0, 13);
  const dir = path.join(root, ...day);
  fs.mkdirSync(dir, { recursive: true });
  const file = `${ACCOUNT}_CloudTrail_${REGION}_${stamp}Z_demo${String(
    i / PER_FILE,
  ).padStart(2, '0')}.json.gz`;
  fs.writeFileSync(
    path.join(dir, file),
    gzipSync(JSON.stringify({ Records: batch })),
  );
}
console.log(
  `wrote ${records.length} records to ${path.relative(process.cwd(), root)}`,
);
