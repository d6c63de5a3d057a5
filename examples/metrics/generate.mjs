// Writes demo-eks.json: illustrative metric snapshots for the demo workloads.
// Requests, limits, replicas and volumes come from ../manifests; the usage profiles
// below are invented to show every kind of cost hint. Deterministic: run it again
// after changing a manifest or a profile (`node examples/metrics/generate.mjs`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const START = '2026-11-08T00:00:00Z'; // a Sunday; 14 days of hourly points
const HOURS = 14 * 24;
const PERIOD = 3600;

// Per-pod usage: CPU in cores and memory in MiB, by business hours (Mon–Fri 08–19 UTC) or not.
const PROFILES = {
  'payments-api': { cpu: [0.11, 0.05], mem: [230, 220], noise: 0.15 },
  'ledger-worker': { cpu: [0.32, 0.28], mem: [380, 360], noise: 0.1 },
  'fraud-scoring': { cpu: [0.24, 0.004], mem: [640, 610], noise: 0.1 },
  'checkout-web': { cpu: [0.07, 0.05], mem: [112, 108], noise: 0.08, peakMem: 124 },
  'cart-service': { cpu: [0.15, 0.1], mem: [300, 290], noise: 0.1 },
  'catalog-search': { cpu: [0.35, 0.25], mem: [330, 320], noise: 0.1, peakCpu: 1.16 },
  'image-scan-webhook': { cpu: [0.002, 0.0015], mem: [40, 40], noise: 0.2 },
  'notification-dispatcher': { cpu: [0.08, 0.0008], mem: [90, 85], noise: 0.1 },
  'platform-ingress-gateway': { cpu: [0.38, 0.3], mem: [200, 195], noise: 0.1 },
};

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cpuOf = v =>
  v === undefined ? undefined : String(v).endsWith('m') ? parseFloat(v) / 1000 : parseFloat(v);
const memOf = v => {
  if (v === undefined) return undefined;
  const m = /^([\d.]+)(Mi|Gi|Ki)?$/.exec(String(v));
  const n = parseFloat(m[1]);
  return m[2] === 'Gi' ? n * 1024 : m[2] === 'Ki' ? n / 1024 : m[2] === 'Mi' ? n : n / 1024 ** 2;
};

function podResources(spec) {
  // App containers and native sidecars (init containers that keep running).
  const containers = [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []).filter(c => c.restartPolicy === 'Always'),
  ];
  const sum = (pick, parse) => {
    const values = containers.map(c => parse(pick(c.resources ?? {})));
    return values.some(v => v === undefined) ? undefined : values.reduce((a, b) => a + b, 0);
  };
  const anyRequest = pick => containers.some(c => pick(c.resources ?? {}) !== undefined);
  return {
    cpuRequestCores: anyRequest(r => r.requests?.cpu)
      ? containers.reduce((a, c) => a + (cpuOf(c.resources?.requests?.cpu) ?? 0), 0)
      : undefined,
    memoryRequestMiB: anyRequest(r => r.requests?.memory)
      ? containers.reduce((a, c) => a + (memOf(c.resources?.requests?.memory) ?? 0), 0)
      : undefined,
    cpuLimitCores: sum(r => r.limits?.cpu, cpuOf),
    memoryLimitMiB: sum(r => r.limits?.memory, memOf),
  };
}

const workloads = [];
const manifests = path.join(here, '..', 'manifests');
for (const ns of fs.readdirSync(manifests).sort()) {
  for (const file of fs.readdirSync(path.join(manifests, ns)).sort()) {
    const docs = parseAllDocuments(fs.readFileSync(path.join(manifests, ns, file), 'utf8'));
    for (const doc of docs) {
      const o = doc.toJSON();
      if (!['Deployment', 'StatefulSet'].includes(o?.kind)) continue;
      const profile = PROFILES[o.metadata.name];
      if (!profile) continue;
      const spec = o.spec.template.spec;
      const usesPersistentVolumes =
        (o.spec.volumeClaimTemplates ?? []).length > 0 ||
        (spec.volumes ?? []).some(v => v.persistentVolumeClaim);
      const random = mulberry32(o.metadata.name.length * 7919 + ns.length);
      const cpu = [];
      const mem = [];
      for (let h = 0; h < HOURS; h++) {
        const t = new Date(Date.parse(START) + h * PERIOD * 1000);
        const day = t.getUTCDay();
        const business = day >= 1 && day <= 5 && t.getUTCHours() >= 8 && t.getUTCHours() < 19;
        const jitter = () => 1 + (random() * 2 - 1) * profile.noise;
        let c = profile.cpu[business ? 0 : 1] * jitter();
        let m = profile.mem[business ? 0 : 1] * jitter();
        // A few peaks in business hours, where limits get tested.
        if (business && h % 53 === 10) {
          if (profile.peakCpu) c = profile.peakCpu;
          if (profile.peakMem) m = profile.peakMem;
        }
        cpu.push(Number(c.toFixed(4)));
        mem.push(Number(m.toFixed(1)));
      }
      workloads.push({
        namespace: o.metadata.namespace ?? ns,
        workload: o.metadata.name,
        kind: o.kind,
        usesPersistentVolumes,
        replicas: o.spec.replicas ?? 1,
        ...Object.fromEntries(
          Object.entries(podResources(spec)).filter(([, v]) => v !== undefined),
        ),
        cpuUsageCores: cpu,
        memoryUsageMiB: mem,
      });
    }
  }
}

const snapshot = { cluster: 'demo-eks', start: START, periodSeconds: PERIOD, workloads };
fs.writeFileSync(path.join(here, 'demo-eks.json'), `${JSON.stringify(snapshot)}\n`);
console.log(`wrote ${workloads.length} workloads`);
