// The ingest benchmark's baseline: a bare node:http endpoint that only reads the body,
// JSON-parses it and answers 200, in its own process like the backend. Measured in the
// same run with the same sender, so the backend's figures can be given as ratios that
// do not swing with the machine's load. Usage: node bareServer.js <port>
'use strict';
const http = require('node:http');

const port = Number(process.argv[2]);
const answer = Buffer.from('{"accepted":1}');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', chunk => chunks.push(chunk));
  req.on('end', () => {
    let status = 200;
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      status = 400;
    }
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': answer.length,
    });
    res.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
