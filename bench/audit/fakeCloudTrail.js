/*
 * A local fake of CloudTrail's LookupEvents (JSON 1.1 protocol), run in a worker thread
 * so that the sync's event loop cannot delay the arrival times it measures. Like
 * CloudTrail it allows 2 requests per second per account (access key) and region, and
 * answers ThrottlingException beyond that. It serves `total` events, `MaxResults` a page.
 */
const http = require('http');
const { parentPort, workerData } = require('worker_threads');

const LIMIT_PER_SECOND = 2;
const total = workerData.total;
const arrivals = new Map(); // key -> accepted request times (ms)
const allArrivals = new Map(); // key -> every request time (ms), throttled included
let throttles = 0;
let requests = 0;

function eventAt(i) {
  const time = new Date(Date.parse('2026-11-21T00:00:00Z') + i * 1000);
  const record = {
    eventVersion: '1.09',
    eventID: `bench-${String(i).padStart(6, '0')}`,
    eventTime: time.toISOString(),
    eventName: i % 97 === 0 ? 'CreateAccessKey' : 'GetObject',
    eventSource: i % 97 === 0 ? 'iam.amazonaws.com' : 's3.amazonaws.com',
    awsRegion: 'eu-west-1',
    recipientAccountId: '111122223333',
    sourceIPAddress: '10.0.12.7',
    userAgent: 'aws-sdk-go-v2/1.30.0',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::111122223333:assumed-role/svc-${i % 40}/session`,
      accountId: '111122223333',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: `arn:aws:iam::111122223333:role/svc-${i % 40}`,
        },
      },
    },
    requestParameters: { bucketName: `bucket-${i % 40}`, userName: 'ci' },
  };
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    EventTime: time.getTime() / 1000,
    EventSource: record.eventSource,
    CloudTrailEvent: JSON.stringify(record),
  };
}

const server = http.createServer((req, res) => {
  const now = performance.timeOrigin + performance.now();
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    requests++;
    const auth = String(req.headers.authorization ?? '');
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/cloudtrail\//.exec(auth);
    if (
      req.headers['x-amz-target'] !== 'CloudTrail_20131101.LookupEvents' ||
      !scope
    ) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'UnknownOperationException' }));
      return;
    }
    const key = `${scope[1]}/${scope[2]}`;
    const all = allArrivals.get(key) ?? [];
    all.push(now);
    allArrivals.set(key, all);
    const accepted = arrivals.get(key) ?? [];
    const recent = accepted.filter(t => now - t < 1000);
    if (recent.length >= LIMIT_PER_SECOND) {
      throttles++;
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          __type: 'ThrottlingException',
          message: 'Rate exceeded',
        }),
      );
      return;
    }
    accepted.push(now);
    arrivals.set(key, accepted);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const size = body.MaxResults ?? 50;
    const from = body.NextToken ? Number(body.NextToken) : 0;
    const events = [];
    // Newest first, as CloudTrail answers.
    for (let i = from; i < Math.min(total, from + size); i++) {
      events.push(eventAt(total - 1 - i));
    }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify({
        Events: events,
        ...(from + size < total ? { NextToken: String(from + size) } : {}),
      }),
    );
  });
});

/** Highest rate over any 1-s sliding window: (requests − 1) / time from first to last in it. */
function maxRate(times) {
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < times.length; i++) {
    let j = i;
    while (j + 1 < times.length && times[j + 1] - times[i] <= 1000) j++;
    bestCount = Math.max(bestCount, j - i + 1);
    if (j > i) best = Math.max(best, (j - i) / ((times[j] - times[i]) / 1000));
  }
  return { rate: best, count: bestCount };
}

parentPort.on('message', message => {
  if (message === 'stats') {
    let rate = 0;
    let count = 0;
    for (const times of allArrivals.values()) {
      const r = maxRate(times);
      rate = Math.max(rate, r.rate);
      count = Math.max(count, r.count);
    }
    parentPort.postMessage({
      requests,
      throttles,
      maxRequestsPerSecond: rate,
      maxRequestsInAnySecond: count,
    });
  } else if (message === 'arrivals') {
    parentPort.postMessage([...allArrivals.values()][0] ?? []);
  } else if (message === 'close') {
    server.close(() => process.exit(0));
  }
});

server.listen(0, '127.0.0.1', () => {
  parentPort.postMessage({ port: server.address().port });
});
