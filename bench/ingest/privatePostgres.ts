import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';

const BIN = process.env.BENCH_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the bench's own (initdb in a temp dir, its own port), so the
 * outage run can stop it without touching the shared server on 5432. Runs as the
 * `postgres` user when the bench runs as root (PostgreSQL refuses root).
 */
export class PrivatePostgres {
  readonly dir: string;

  /** `backend.database` of a backend on the cluster at `port`. */
  static backendDatabase(port: number) {
    return {
      client: 'pg',
      connection: { host: '127.0.0.1', port, user: 'postgres' },
    };
  }

  /** A connection to the suite's plugin database, to read what the backend stored. */
  pluginDatabase(maxConnections: number): Knex {
    return knexFactory({
      client: 'pg',
      connection: {
        host: '127.0.0.1',
        port: this.port,
        user: 'postgres',
        database: 'backstage_plugin_container-security',
      },
      pool: { min: 0, max: maxConnections },
    });
  }

  constructor(readonly port: number) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-bench-pg-'));
    fs.chmodSync(this.dir, 0o777);
  }

  private run(cmd: string, args: string[]) {
    const asPostgres = process.getuid?.() === 0;
    const [file, argv] = asPostgres
      ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args]]
      : [path.join(BIN, cmd), args];
    return execFileSync(file, argv, { stdio: 'pipe' }).toString();
  }

  init() {
    this.run('initdb', [
      '-D',
      path.join(this.dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
  }

  start() {
    this.run('pg_ctl', [
      '-D',
      path.join(this.dir, 'data'),
      '-l',
      path.join(this.dir, 'postgres.log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
      'start',
    ]);
  }

  /** Fast shutdown: open connections are terminated, as in a crash-free outage. */
  stop() {
    this.run('pg_ctl', [
      '-D',
      path.join(this.dir, 'data'),
      '-m',
      'fast',
      '-w',
      'stop',
    ]);
  }

  destroy() {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
