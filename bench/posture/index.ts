/*
 * Posture engine benchmark: the whole check catalogue over 10,000 generated workloads,
 * the re-evaluation of one changed workload, and the scorecard API over 5,000 services.
 * Prints its figures, the last line being
 * one JSON object. Run with `yarn bench:posture`.
 */
import {
  KubernetesObject,
  scanPosture,
} from '@containersec/plugin-container-security-node';
import { CHECK_DEFINITIONS } from '@containersec/plugin-container-security-common';
import { performance } from 'perf_hooks';
import { benchScorecards } from './scorecards';

const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 10_000);
const NAMESPACES = 50;
const rules = {
  rules: [],
  exemptions: [],
  customChecks: [],
  allowedRegistries: [],
};
const now = new Date();

/** A deterministic mix of hardened and careless workloads, with their Services and PDBs. */
function generate(count: number): Array<{ object: KubernetesObject }> {
  const objects: KubernetesObject[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: `team-${n}`,
        labels:
          n % 2 ? { 'pod-security.kubernetes.io/enforce': 'restricted' } : {},
      },
    });
  }
  for (let i = 0; i < count; i++) {
    const namespace = `team-${i % NAMESPACES}`;
    const name = `svc-${i}`;
    const hardened = i % 3 === 0;
    const labels = { app: name, 'backstage.io/kubernetes-id': name };
    objects.push({
      apiVersion: 'apps/v1',
      kind: i % 10 === 0 ? 'StatefulSet' : 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: hardened ? 3 : 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: !hardened,
            securityContext: hardened
              ? {
                  runAsNonRoot: true,
                  seccompProfile: { type: 'RuntimeDefault' },
                }
              : {},
            containers: [
              {
                name: 'app',
                image: hardened
                  ? `registry.internal/${name}@sha256:${'a'.repeat(64)}`
                  : `${name}:latest`,
                env: hardened
                  ? []
                  : [{ name: 'DB_PASSWORD', value: 'hunter2' }],
                securityContext: hardened
                  ? {
                      allowPrivilegeEscalation: false,
                      readOnlyRootFilesystem: true,
                      capabilities: { drop: ['ALL'] },
                    }
                  : { privileged: i % 7 === 0 },
                resources: hardened
                  ? {
                      requests: { cpu: '100m', memory: '128Mi' },
                      limits: { cpu: '500m', memory: '256Mi' },
                    }
                  : {},
                livenessProbe: hardened
                  ? { httpGet: { path: '/healthz', port: 8080 } }
                  : undefined,
                readinessProbe: hardened
                  ? { httpGet: { path: '/ready', port: 8080 } }
                  : undefined,
              },
            ],
          },
        },
      },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels },
      spec: {
        type: i % 11 === 0 ? 'NodePort' : 'ClusterIP',
        selector: { app: name },
      },
    });
    if (hardened) {
      objects.push({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name, namespace },
        spec: { minAvailable: 1, selector: { matchLabels: { app: name } } },
      });
    }
  }
  return objects.map(object => ({ object }));
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

const input = generate(WORKLOADS);
console.log(
  `checks: ${CHECK_DEFINITIONS.length}, objects: ${input.length}, workloads: ${WORKLOADS}`,
);

// warm-up on a small set so JIT compilation is not billed to the first measurement
scanPosture(input.slice(0, 2000), { rules, now });

const start = performance.now();
const full = scanPosture(input, { rules, now });
const fullScanSeconds = (performance.now() - start) / 1000;
console.log(
  `full scan: ${fullScanSeconds.toFixed(2)} s, ${
    full.findings.length
  } findings, ${full.workloads.length} workloads scored`,
);

// One changed workload is re-evaluated with the objects of its namespace (the scope of
// every relation the checks follow: Services, PDBs, HPAs, NetworkPolicies, RBAC).
const changed = input[NAMESPACES + 4 * 3].object;
const namespace = changed.metadata.namespace;
const scope = input.filter(
  o =>
    o.object.metadata.namespace === namespace ||
    o.object.metadata.name === namespace,
);
const samples: number[] = [];
for (let run = 0; run < 50; run++) {
  const t = performance.now();
  scanPosture(scope, { rules, now });
  samples.push(performance.now() - t);
}
const incrementalMs = percentile(samples, 50);
console.log(
  `incremental: ${incrementalMs.toFixed(2)} ms p50, ${percentile(
    samples,
    95,
  ).toFixed(2)} ms p95 (namespace of ${scope.length} objects)`,
);

async function main() {
  const scorecard = await benchScorecards();
  console.log(
    `scorecard API: ${scorecard.p50.toFixed(1)} ms p50, ${scorecard.p95.toFixed(
      1,
    )} ms p95 (${scorecard.services} services, PostgreSQL, loopback HTTP)`,
  );
  console.log(
    JSON.stringify({
      workloads: WORKLOADS,
      objects: input.length,
      checks: CHECK_DEFINITIONS.length,
      fullScanSeconds: Number(fullScanSeconds.toFixed(3)),
      incrementalMs: Number(incrementalMs.toFixed(3)),
      incrementalP95Ms: Number(percentile(samples, 95).toFixed(3)),
      scorecardServices: scorecard.services,
      scorecardP50Ms: Number(scorecard.p50.toFixed(3)),
      scorecardP95Ms: Number(scorecard.p95.toFixed(3)),
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
