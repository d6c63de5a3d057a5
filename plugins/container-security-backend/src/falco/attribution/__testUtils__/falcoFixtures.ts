import fs from 'node:fs';
import path from 'node:path';
import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import { NewFalcoAlert } from '../../FalcoAlertStore';
import { parseFalcoEventText } from '../../ingest/parseEvent';

/** The public sample events (read-only shared fixtures). */
export const FALCO_FIXTURES = path.resolve(
  __dirname,
  '../../../../../../../shared/fixtures/falco/events.jsonl',
);

export function fixtureLines(): string[] {
  return fs
    .readFileSync(FALCO_FIXTURES, 'utf8')
    .split('\n')
    .filter(l => l.trim());
}

/** Parses one event text as the webhook would, or throws. */
export function alertFromText(
  text: string,
  receivedAt = Date.parse('2026-11-22T10:00:00Z'),
  sourceCluster?: string,
): NewFalcoAlert {
  const result = parseFalcoEventText(text, {
    receivedAt,
    sourceCluster,
    clusterFields: [],
    hostnameClusters: [],
    maxEventBytes: 1_000_000,
  });
  if (!result.ok) throw new Error(result.error);
  return result.alert;
}

/** Every public sample event as an alert. */
export function fixtureAlerts(receivedAt?: number): NewFalcoAlert[] {
  return fixtureLines().map(l => alertFromText(l, receivedAt));
}

/** A synthetic event in the shape Falcosidekick forwards. */
export function syntheticEvent(overrides: {
  time?: string;
  rule?: string;
  priority?: string;
  namespace?: string;
  pod?: string;
  container?: string;
  tags?: string[];
  output?: string;
  uuid?: string;
  extra?: Record<string, unknown>;
}): string {
  const time = overrides.time ?? '2026-11-22T09:59:00.123456789Z';
  return JSON.stringify({
    uuid: overrides.uuid,
    time,
    rule: overrides.rule ?? 'Terminal shell in container',
    priority: overrides.priority ?? 'Notice',
    source: 'syscall',
    hostname: 'ip-10-0-1-23',
    tags: overrides.tags ?? ['container', 'shell'],
    output:
      overrides.output ??
      `A shell was spawned in a container (pod=${overrides.pod ?? 'x'})`,
    output_fields: {
      'k8s.ns.name': overrides.namespace ?? 'storefront',
      'k8s.pod.name': overrides.pod ?? 'cart-service-6d8f9c7b5-x7k2p',
      'container.name': overrides.container ?? 'cart-service',
      'proc.cmdline': 'sh -c id',
    },
    ...overrides.extra,
  });
}

export const workloadSummary = (
  name: string,
  namespace: string,
  kind = 'Deployment',
  cluster = 'demo-eks',
): WorkloadSummary => ({
  cluster,
  namespace,
  kind,
  name,
  labels: { 'backstage.io/kubernetes-id': name },
  containers: [{ name, image: `registry/${name}:1`, type: 'app' }],
  source: 'manifests:demo-eks',
  observedAt: '2026-11-22T10:00:00.000Z',
});

export const serviceEntity = (
  name: string,
  owner = 'group:default/web-team',
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});
