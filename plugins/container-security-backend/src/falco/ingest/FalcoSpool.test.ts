import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import { NewFalcoAlert } from '../FalcoAlertStore';
import { captureLogger } from '../__testUtils__/captureLogger';
import { fixtureAlerts } from '../__testUtils__/falcoFixtures';
import { FalcoSpool } from './FalcoSpool';

const directory = createMockDirectory();

/** Everything a drain hands to the database, in order. */
async function drainAll(spool: FalcoSpool): Promise<NewFalcoAlert[]> {
  const inserted: NewFalcoAlert[] = [];
  await spool.drain(async alerts => {
    inserted.push(...alerts);
  }, 7);
  return inserted;
}

describe('FalcoSpool', () => {
  beforeEach(() => directory.clear());

  it('keeps every append of writes that were in flight together', async () => {
    const logger = captureLogger();
    const spool = new FalcoSpool(directory.path, logger, {
      maxConcurrentWrites: 3,
    });
    const alerts = fixtureAlerts();
    const files = await Promise.all(alerts.map(alert => spool.append([alert])));
    expect(new Set(files).size).toBe(1);
    for (const file of new Set(files)) spool.unsettled(file);

    const drained = await drainAll(spool);
    const byId = (x: NewFalcoAlert, y: NewFalcoAlert) =>
      x.id.localeCompare(y.id);
    // Every field comes back as it went in (through a JSON round trip).
    expect(drained.sort(byId)).toEqual(
      JSON.parse(JSON.stringify(alerts)).sort(byId),
    );
    expect(fs.readdirSync(directory.path)).toEqual([]);
    expect(logger.lines.filter(l => l.startsWith('warn'))).toEqual([]);
  });

  it('reads past a range a crash left unwritten, skips what is not an alert, and reads lines of the earlier format', async () => {
    // A dead writer's file: its pid cannot be running.
    const name = `spool-${Date.now()}-${2 ** 22 + 1}-0.ndjson`;
    const [a, b, c] = fixtureAlerts();
    fs.writeFileSync(
      `${directory.path}/${name}`,
      [
        // Lines written before the spool split columns and details were the alert itself.
        `${JSON.stringify(a)}\n`,
        // An unacknowledged write whose pages never reached the disk...
        '\0'.repeat(4096),
        // ...before an acknowledged one that did.
        `${JSON.stringify(b)}\n`,
        '{"unrelated":true}\n',
        `${JSON.stringify(c)}\n`,
        // A write cut short at the end.
        '{"id":"0000',
      ].join(''),
    );
    const logger = captureLogger();
    const drained = await drainAll(new FalcoSpool(directory.path, logger));
    expect(drained.map(x => x.id)).toEqual([a.id, b.id, c.id]);
    const warnings = logger.lines.filter(l => l.startsWith('warn'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('unreadable Falco spool record');
    expect(fs.readdirSync(directory.path)).toEqual([]);
  });
});
