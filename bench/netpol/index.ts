/*
 * Network-policy engine benchmark: the full reachability matrix for 1,000 pods in 20
 * namespaces under 500 policies and for 10,000 pods under 2,000 policies (plus their
 * AdminNetworkPolicies and a BaselineAdminNetworkPolicy), and one service's exposure. Prints its figures, the last line being one JSON object.
 * Run with `yarn bench:netpol`.
 */
import {
  buildNetpolModel,
  computeNetpolExposure,
  computeNetpolReachabilityMatrix,
} from '@containersec/plugin-container-security-node';
import { performance } from 'perf_hooks';
import { adminPolicyCount, generateCluster } from './generate';

/** Pods per app (they share labels, hence verdict classes); 1 makes every pod its own class. */
const PODS_PER_APP = Number(process.env.BENCH_PODS_PER_APP ?? 5);

const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function matrix(pods: number, namespaces: number, policies: number) {
  const { objects, services } = generateCluster(
    pods,
    namespaces,
    policies,
    PODS_PER_APP,
  );
  const t0 = performance.now();
  const model = buildNetpolModel(objects);
  const t1 = performance.now();
  const result = computeNetpolReachabilityMatrix(model, { port: 8080 });
  const t2 = performance.now();
  return {
    model,
    services,
    buildSeconds: (t1 - t0) / 1000,
    seconds: (t2 - t0) / 1000,
    classes: result.classes.length,
    allowedPairs: result.allowedPairs,
    pairs: model.endpoints.length ** 2,
  };
}

const small = matrix(1_000, 20, 500);
console.log(
  `matrix 1k pods / 500 policies: ${small.seconds.toFixed(
    3,
  )} s (model ${small.buildSeconds.toFixed(3)} s, ${small.classes} classes, ${
    small.allowedPairs
  }/${small.pairs} pairs allowed at TCP 8080)`,
);

// Exposure of one service, on the 1k model (its class index is already built by the matrix).
const samples: number[] = [];
for (let i = 0; i < 60; i++) {
  const ids = small.services[(i * 37) % small.services.length];
  const t0 = performance.now();
  computeNetpolExposure(small.model, ids);
  samples.push(performance.now() - t0);
}
const measured = samples.slice(10).sort((a, b) => a - b);
const exposureP50 = percentile(measured, 50);
const exposureP95 = percentile(measured, 95);
console.log(
  `exposure of one service: p50 ${exposureP50.toFixed(
    1,
  )} ms, p95 ${exposureP95.toFixed(1)} ms`,
);

// Cold exposure: a fresh model, so the class index is built inside the measurement.
const cold = generateCluster(1_000, 20, 500, PODS_PER_APP);
const tc0 = performance.now();
computeNetpolExposure(buildNetpolModel(cold.objects), cold.services[3]);
const exposureColdMs = performance.now() - tc0;
console.log(
  `exposure of one service on a fresh model (incl. model + index build): ${exposureColdMs.toFixed(
    1,
  )} ms`,
);

const large = matrix(10_000, 100, 2_000);
console.log(
  `matrix 10k pods / 2,000 policies: ${large.seconds.toFixed(
    3,
  )} s (model ${large.buildSeconds.toFixed(3)} s, ${large.classes} classes, ${
    large.allowedPairs
  }/${large.pairs} pairs allowed at TCP 8080)`,
);

console.log(
  JSON.stringify({
    matrix1kSeconds: round(small.seconds),
    matrix10kSeconds: round(large.seconds),
    exposureMs: round(exposureP50, 2),
    exposureP50Ms: round(exposureP50, 2),
    exposureP95Ms: round(exposureP95, 2),
    exposureColdMs: round(exposureColdMs, 2),
    classes1k: small.classes,
    classes10k: large.classes,
    allowedPairs1k: small.allowedPairs,
    allowedPairs10k: large.allowedPairs,
    podsPerApp: PODS_PER_APP,
    adminPolicies1k: adminPolicyCount(500),
    adminPolicies10k: adminPolicyCount(2_000),
  }),
);
