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

  it('preallocated: writes into zero-filled files, moves on to the prepared one when full, and keeps only what is not in the database', async () => {
    const logger = captureLogger();
    const size = 8192;
    const spool = new FalcoSpool(directory.path, logger, {
      preallocateBytes: size,
    });
    const alerts = fixtureAlerts();
    const files: string[] = [];
    for (const alert of alerts) files.push(await spool.append([alert]));
    const used = [...new Set(files)];
    // 24 alerts of about 1 KiB do not fit one 8 KiB file: the writes moved on.
    expect(used.length).toBeGreaterThan(1);
    // Every file written is at least the preallocated size.
    for (const name of used) {
      expect(
        fs.statSync(`${directory.path}/${name}`).size,
      ).toBeGreaterThanOrEqual(size);
    }

    // The first file's alerts are in the database; the others' are not known to be.
    files.forEach((file, i) =>
      i < files.indexOf(used[1]) ? spool.settle(file) : spool.unsettled(file),
    );
    const drained = await drainAll(spool);
    expect(drained.map(a => a.id).sort()).toEqual(
      alerts
        .slice(files.indexOf(used[1]))
        .map(a => a.id)
        .sort(),
    );
    // Drained and settled files are gone; the prepared one stays until close.
    expect(
      fs.readdirSync(directory.path).filter(n => used.includes(n)),
    ).toEqual([]);
    await spool.close();
    expect(fs.readdirSync(directory.path)).toEqual([]);
    expect(logger.lines.filter(l => l.startsWith('warn'))).toEqual([]);
  });

  it('preallocated: keeps the file being written through drains while its alerts are moved, and closes it for a drain once they are not', async () => {
    const spool = new FalcoSpool(directory.path, captureLogger(), {
      preallocateBytes: 1 << 20,
    });
    const [a, b] = fixtureAlerts();
    const first = await spool.append([a]);
    spool.settle(first);
    expect(await drainAll(spool)).toEqual([]);
    expect(await spool.append([b])).toBe(first);
    spool.unsettled(first);
    expect((await drainAll(spool)).map(x => x.id)).toEqual([a.id, b.id]);
    expect(fs.existsSync(`${directory.path}/${first}`)).toBe(false);
    await spool.close();
    expect(fs.readdirSync(directory.path)).toEqual([]);
  });

  it.each([
    ['appended', 0],
    ['preallocated', 1 << 20],
  ])(
    '%s: a drain running while a file is created leaves it alone, so the appends written to it are kept',
    async (_, preallocateBytes) => {
      for (let round = 0; round < 5; round++) {
        directory.clear();
        const spool = new FalcoSpool(directory.path, captureLogger(), {
          preallocateBytes,
        });
        const [alert] = fixtureAlerts();
        // Drains list the directory again and again while the append's file is made.
        let appended = false;
        const append = spool.append([alert]).finally(() => {
          appended = true;
        });
        while (!appended) await drainAll(spool);
        const file = await append;
        spool.unsettled(file);
        expect(fs.readdirSync(directory.path)).toContain(file);
        expect((await drainAll(spool)).map(a => a.id)).toEqual([alert.id]);
        await spool.close();
      }
    },
  );

  it('reads a preallocated file a crash left, with a torn line before its zeros, without a warning', async () => {
    const name = `spool-${Date.now()}-${2 ** 22 + 1}-0.ndjson`;
    const [a, b] = fixtureAlerts();
    const content = `${JSON.stringify(a)}\n${JSON.stringify(b)}\n{"id":"0000`;
    fs.writeFileSync(
      `${directory.path}/${name}`,
      Buffer.concat([Buffer.from(content), Buffer.alloc(65536)]),
    );
    const logger = captureLogger();
    const drained = await drainAll(new FalcoSpool(directory.path, logger));
    expect(drained.map(x => x.id)).toEqual([a.id, b.id]);
    expect(logger.lines.filter(l => l.startsWith('warn'))).toEqual([]);
    expect(fs.readdirSync(directory.path)).toEqual([]);
  });
});
