// A round-robin TCP proxy on loopback, as the simplest load balancer in front of two
// backend replicas: each new connection goes to the next upstream port in turn (per
// connection, as kube-proxy balances a Service). In its own process, so its copying is
// not charged to the senders' event loop.
// Usage: node roundRobinProxy.js <listen port> <upstream port>...
'use strict';
const net = require('node:net');

const [listenPort, ...upstreams] = process.argv.slice(2).map(Number);
let next = 0;
const server = net.createServer(client => {
  const port = upstreams[next++ % upstreams.length];
  const upstream = net.connect({ host: '127.0.0.1', port });
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  client.pipe(upstream).pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
  client.on('close', close);
  upstream.on('close', close);
});
server.listen(listenPort, '127.0.0.1', () =>
  process.stdout.write('listening\n'),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
