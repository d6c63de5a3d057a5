// The ingest benchmark's baseline: a bare node:http endpoint that only reads the body,
// JSON-parses it and answers 200, in its own process like the backend. Measured in the
// same run with the same sender, so the backend's figures can be given as ratios that
// do not swing with the machine's load.
// With a file, the durable baseline: each body is also appended to that file and synced
// (O_DSYNC) before the answer, requests that arrive during a write sharing the next one:
// the least any endpoint that acknowledges only what would survive a crash must pay.
// Usage: node bareServer.js <port> [<file>]
'use strict';
const fs = require('node:fs');
const http = require('node:http');

const port = Number(process.argv[2]);
const syncFile = process.argv[3];
const answer = Buffer.from('{"accepted":1}');

let fd;
let writing = false;
let waiting = [];
function persist(body, done) {
  waiting.push({ body, done });
  if (!writing) writeWaiting();
}
// One write at a time; every body that arrived during it goes into the next one.
function writeWaiting() {
  writing = true;
  const batch = waiting;
  waiting = [];
  fs.write(fd, Buffer.concat(batch.map(w => w.body)), error => {
    writing = false;
    batch.forEach(w => w.done(error));
    if (waiting.length > 0) writeWaiting();
  });
}

function reply(res, status) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': answer.length,
  });
  res.end(answer);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', chunk => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      reply(res, 400);
      return;
    }
    if (fd === undefined) reply(res, 200);
    else persist(body, error => reply(res, error ? 500 : 200));
  });
});
if (syncFile) {
  const { O_WRONLY, O_CREAT, O_APPEND, O_DSYNC } = fs.constants;
  fd = fs.openSync(syncFile, O_WRONLY | O_CREAT | O_APPEND | O_DSYNC);
}
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
