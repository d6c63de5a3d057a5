import fs from 'fs';
import path from 'path';
import { KubernetesObject } from '../../manifests/types';
import { parseManifests } from '../../manifests/parseManifests';

/** The public policy samples (see shared/fixtures/netpol/SOURCES.md). */
export const FIXTURES = path.resolve(
  __dirname,
  '../../../../../../shared/fixtures/netpol',
);

/** The documents of one fixture file, in order. */
export function fixture(relative: string): KubernetesObject[] {
  const file = path.join(FIXTURES, relative);
  return parseManifests(fs.readFileSync(file, 'utf8'), file).map(m => m.object);
}

export function namespace(
  name: string,
  labels: Record<string, string> = {},
): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function pod(
  ns: string,
  name: string,
  labels: Record<string, string>,
  options: {
    serviceAccount?: string;
    ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
    ip?: string;
  } = {},
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: {
      ...(options.serviceAccount
        ? { serviceAccountName: options.serviceAccount }
        : {}),
      containers: [
        { name: 'main', image: 'example/app:1', ports: options.ports ?? [] },
      ],
    },
    ...(options.ip
      ? { status: { podIP: options.ip, podIPs: [{ ip: options.ip }] } }
      : {}),
  };
}

export function serviceAccount(
  ns: string,
  name: string,
  labels: Record<string, string>,
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ns, labels },
  };
}
