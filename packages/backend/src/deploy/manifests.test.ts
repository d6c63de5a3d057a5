import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import {
  buildNetpolModel,
  computeNetpolExposure,
  readPostureRules,
  scanPosture,
} from '@containersec/plugin-container-security-node';
import {
  applyJsonPatch,
  renderKustomization,
  RenderedObject,
} from './kustomize';

const root = path.resolve(__dirname, '../../../..');
const deployDir = path.join(root, 'deploy/kubernetes');
const overlays = ['default', 'listener', 'write-ahead'] as const;
const render = (overlay: string) =>
  renderKustomization(path.join(deployDir, 'overlays', overlay));

const find = (objects: RenderedObject[], kind: string, name?: string) =>
  objects.filter(o => o.kind === kind && (!name || o.metadata.name === name));
const one = (objects: RenderedObject[], kind: string, name?: string) => {
  const found = find(objects, kind, name);
  expect(found).toHaveLength(1);
  return found[0] as any;
};
const workloadOf = (objects: RenderedObject[]) => {
  const workloads = objects.filter(o =>
    ['Deployment', 'StatefulSet'].includes(o.kind),
  );
  expect(workloads).toHaveLength(1);
  return workloads[0] as any;
};
const labelsMatch = (
  selector: Record<string, string>,
  labels: Record<string, string>,
) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The app-config files the container loads from mounted ConfigMaps, parsed. */
function mountedConfigs(objects: RenderedObject[]) {
  const workload = workloadOf(objects);
  const pod = workload.spec.template.spec;
  const container = pod.containers[0];
  const configArgs: string[] = container.args.filter(
    (_a: string, i: number) => container.args[i - 1] === '--config',
  );
  return configArgs.map(arg => {
    if (!arg.startsWith('/')) return { arg, inImage: true, config: undefined };
    const mount = container.volumeMounts.find((m: any) =>
      arg.startsWith(`${m.mountPath}/`),
    );
    expect(mount).toBeDefined();
    const volume = pod.volumes.find((v: any) => v.name === mount.name);
    const configMap = one(objects, 'ConfigMap', volume.configMap.name);
    const key = arg.slice(mount.mountPath.length + 1);
    expect(configMap.data[key]).toBeDefined();
    return { arg, inImage: false, config: parse(configMap.data[key]) };
  });
}

describe('the Kustomize renderer', () => {
  it('applies JSON 6902 add, replace and remove, and rejects missing paths', () => {
    const doc: any = { a: { list: [1, 2] }, b: 'x' };
    applyJsonPatch(doc, [
      { op: 'add', path: '/a/list/-', value: 3 },
      { op: 'add', path: '/a/list/0', value: 0 },
      { op: 'replace', path: '/b', value: 'y' },
      { op: 'remove', path: '/a/list/1' },
      { op: 'add', path: '/c~1d', value: true },
    ]);
    expect(doc).toEqual({ a: { list: [0, 2, 3] }, b: 'y', 'c/d': true });
    expect(() =>
      applyJsonPatch(doc, [{ op: 'add', path: '/nope/x', value: 1 }]),
    ).toThrow('path does not exist');
    expect(() =>
      applyJsonPatch(doc, [{ op: 'replace', path: '/zzz', value: 1 }]),
    ).toThrow('no such member');
  });
});

describe.each(overlays)('the %s overlay', overlay => {
  const objects = render(overlay);
  const workload = workloadOf(objects);
  const pod = workload.spec.template.spec;
  const container = pod.containers[0];
  const podLabels = workload.spec.template.metadata.labels;

  it('runs two replicas of the image as the non-root node user', () => {
    expect(workload.spec.replicas).toBe(2);
    // Never two pods running first migrations or a release's migrations at once.
    expect(workload.spec.podManagementPolicy ?? 'OrderedReady').toBe(
      'OrderedReady',
    );
    expect(
      workload.spec.strategy?.rollingUpdate ?? {
        maxSurge: 1,
        maxUnavailable: 0,
      },
    ).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(labelsMatch(workload.spec.selector.matchLabels, podLabels)).toBe(
      true,
    );
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBe(1000); // `node` in the image
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.serviceAccountName).toBe(
      one(objects, 'ServiceAccount').metadata.name,
    );
    // The image's CMD with the deployment's config on top.
    const dockerfile = fs.readFileSync(
      path.join(root, 'packages/backend/Dockerfile'),
      'utf8',
    );
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]);
    expect(container.args.slice(0, cmd.length)).toEqual(cmd);
  });

  it('serves the portal through a Service and an Ingress, and keeps one pod through a drain', () => {
    const service = one(objects, 'Service', 'container-security-portal');
    expect(labelsMatch(service.spec.selector, podLabels)).toBe(true);
    const http = container.ports.find((p: any) => p.name === 'http');
    expect(http.containerPort).toBe(7007);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const ingress = one(objects, 'Ingress');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(
      service.metadata.name,
    );
    const pdb = one(objects, 'PodDisruptionBudget');
    expect(labelsMatch(pdb.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(pdb.spec.minAvailable).toBeLessThan(workload.spec.replicas);
  });

  it('reads the PostgreSQL connection and the Falco source secret from Secrets', () => {
    const production = fs.readFileSync(
      path.join(root, 'app-config.production.yaml'),
      'utf8',
    );
    const wanted = [...production.matchAll(/\$\{(POSTGRES_\w+)\}/g)].map(
      m => m[1],
    );
    expect(wanted).toEqual(
      expect.arrayContaining(['POSTGRES_HOST', 'POSTGRES_PASSWORD']),
    );
    expect(container.envFrom).toEqual([
      { secretRef: { name: 'container-security-postgres' } },
    ]);
    expect(find(objects, 'Secret')).toEqual([]); // created by the adopter, never committed
    const configs = mountedConfigs(objects);
    const deployConfig = configs.find(c => c.config?.containerSecurity)!.config;
    // Signals and events reach every replica through the events backend's bus.
    expect(deployConfig.events.useEventBus).toBe('always');
    const source = deployConfig.containerSecurity.falco.sources[0];
    expect(source.secret).toBe('${FALCO_SOURCE_SECRET}');
    const env = container.env.find(
      (e: any) => e.name === 'FALCO_SOURCE_SECRET',
    );
    expect(env.valueFrom.secretKeyRef.name).toBe('container-security-falco');
    // No literal secret anywhere in the rendered objects.
    const text = JSON.stringify(objects);
    expect(text).not.toMatch(/password:\s*[^$]/i);
  });

  it('puts the Falco spool on the volume mounted at the configured directory', () => {
    const merged: any = {};
    for (const { config } of mountedConfigs(objects)) {
      const ingest = config?.containerSecurity?.falco?.ingest;
      if (ingest) Object.assign(merged, ingest);
    }
    const mount = container.volumeMounts.find((m: any) =>
      merged.spoolDirectory.startsWith(`${m.mountPath}/`),
    );
    expect(mount).toBeDefined();
    // Write-ahead: an acknowledged event may exist only in this replica's spool, so the
    // spool is a PersistentVolume per replica (StatefulSet); otherwise a Deployment.
    const writeAhead = merged.acknowledgeAfter === 'spool';
    expect(workload.kind).toBe(writeAhead ? 'StatefulSet' : 'Deployment');
    const claim = (workload.spec.volumeClaimTemplates ?? []).find(
      (t: any) => t.metadata.name === mount.name,
    );
    expect(claim?.spec.accessModes).toEqual(
      writeAhead ? ['ReadWriteOnce'] : undefined,
    );
    expect(pod.volumes.some((v: any) => v.name === mount.name)).toBe(
      !writeAhead,
    );
    expect(overlay === 'write-ahead').toBe(writeAhead);
  });

  it('scores grade A on the suite’s own posture checks', () => {
    const result = scanPosture(
      objects.map(object => ({ object })),
      {
        rules: readPostureRules(undefined),
        now: new Date('2026-12-07T00:00:00Z'),
      },
    );
    expect(result.invalidExemptions).toEqual([]);
    expect(result.workloads).toHaveLength(1);
    expect(result.findings.map(f => `${f.checkId}: ${f.message}`)).toEqual([]);
    expect(result.grade).toBe('A');
  });

  it('is default-deny both ways on the suite’s own network engine', () => {
    const model = buildNetpolModel(objects);
    const id = `container-security/${workload.kind}/container-security-portal`;
    const exposure = computeNetpolExposure(model, [id]);
    expect(exposure.isolation.ingress.isolated).toBe(true);
    expect(exposure.isolation.egress.isolated).toBe(true);
    expect(exposure.findings.filter(f => f.severity !== 'info')).toEqual([]);
    expect(exposure.reachableFrom.map(p => p.type)).not.toContain('anywhere');
    expect(exposure.reachableTo.map(p => p.type)).not.toContain('anywhere');
    // Only the ingress controller and Falco reach the portal, on its own ports.
    const ports = new Set(
      exposure.reachableFrom.flatMap(p => p.ports.map(r => r.port)),
    );
    const listens = container.ports.map((p: any) => p.containerPort);
    for (const port of ports) expect(listens).toContain(port);
  });
});

describe('the dedicated Falco listener', () => {
  it.each(['listener', 'write-ahead'])(
    'has its own Service on the port the %s overlay configures',
    overlay => {
      const objects = render(overlay);
      const container = workloadOf(objects).spec.template.spec.containers[0];
      const listener = mountedConfigs(objects)
        .map(c => c.config?.containerSecurity?.falco?.ingest?.listener)
        .find(Boolean);
      const port = container.ports.find((p: any) => p.name === 'falco');
      expect(port.containerPort).toBe(listener.port);
      const service = one(objects, 'Service', 'container-security-falco');
      expect(service.spec.ports).toEqual([
        expect.objectContaining({ port: listener.port, targetPort: 'falco' }),
      ]);
    },
  );

  it('is absent from the default overlay', () => {
    const objects = render('default');
    expect(find(objects, 'Service', 'container-security-falco')).toEqual([]);
  });
});
