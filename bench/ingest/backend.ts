import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The real backend (packages/backend/src/index.ts, as `yarn workspace backend start`
 * runs it, minus the file watcher so other edits in the checkout cannot restart it
 * mid-run), in its own process group so SIGKILL takes down everything at once.
 */
export class BenchBackend {
  private child?: ChildProcess;

  constructor(
    private readonly configs: string[],
    private readonly logFile: string,
    private readonly env: Record<string, string>,
    /** The port of `backend.listen` in `configs`. */
    private readonly port = 7007,
  ) {}

  /** The backend's process id, once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start() {
    const log = fs.openSync(this.logFile, 'a');
    this.child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        'src/index.ts',
        ...this.configs.flatMap(c => ['--config', c]),
      ],
      {
        cwd: path.join(ROOT, 'packages/backend'),
        env: { ...process.env, NODE_ENV: 'development', ...this.env },
        stdio: ['ignore', log, log],
        detached: true,
      },
    );
    fs.closeSync(log);
  }

  async waitHealthy(timeoutMs = 180_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ok = await new Promise<boolean>(resolve => {
        const req = http.get(
          `http://127.0.0.1:${this.port}/api/container-security/health`,
          res => {
            res.resume();
            resolve(res.statusCode === 200);
          },
        );
        req.on('error', () => resolve(false));
        req.setTimeout(2000, () => req.destroy());
      });
      if (ok) return;
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(
          `backend exited with ${this.child.exitCode}; see ${this.logFile}`,
        );
      }
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`backend not healthy in time; see ${this.logFile}`);
  }

  kill() {
    if (this.child?.pid) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }

  async stop() {
    if (!this.child?.pid) return;
    const exited = new Promise(r => this.child!.once('exit', r));
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, new Promise(r => setTimeout(r, 15_000))]);
    this.kill();
  }
}
