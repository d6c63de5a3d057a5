/*
 * The hostile service of the hostile-input benchmark, in its own process as an attacker
 * would be: posts the hostile bodies back to back to the Falco webhook until its stdin
 * closes, then prints the answers' statuses as one JSON line.
 * Usage: node -r @backstage/cli/config/nodeTransform.cjs hostileSender.ts <port> <path>
 * (the source secret comes in HOSTILE_SECRET, not on the command line).
 */
import http from 'node:http';
import { hostileBodies } from './hostileBodies';

/** POSTs one hostile body; resolves with the status (0 when the connection dropped). */
export function postHostile(
  port: number,
  urlPath: string,
  body: Buffer,
  secret: string,
): Promise<number> {
  return new Promise(resolve => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-ndjson',
          'content-length': body.length,
          'x-falco-secret': secret,
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function main() {
  const [port, urlPath] = [Number(process.argv[2]), process.argv[3]];
  const secret = process.env.HOSTILE_SECRET ?? '';
  const bodies = hostileBodies();
  let stopped = false;
  process.stdin.on('end', () => {
    stopped = true;
  });
  process.stdin.resume();
  const statuses: Record<string, number> = {};
  for (let i = 0; !stopped; i++) {
    const status = await postHostile(
      port,
      urlPath,
      bodies[i % bodies.length],
      secret,
    );
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  process.stdout.write(`${JSON.stringify(statuses)}\n`);
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
