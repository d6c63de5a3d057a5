import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import {
  asRecord,
  containerCheck,
  ContainerRef,
  isLongLived,
  quoted,
  WORKLOADS,
} from './helpers';

function resources(c: ContainerRef) {
  const r = asRecord(c.spec.resources);
  return { requests: asRecord(r.requests), limits: asRecord(r.limits) };
}

const present = (value: unknown) =>
  value !== undefined && value !== null && value !== '';

function resourceCheck(
  id: string,
  kind: 'requests' | 'limits',
  resource: 'cpu' | 'memory',
): PostureCheck {
  const label = `${resource === 'cpu' ? 'CPU' : 'memory'} ${
    kind === 'requests' ? 'request' : 'limit'
  }`;
  return containerCheck(
    id,
    WORKLOADS,
    c => {
      const r = resources(c);
      if (present(r[kind][resource])) return undefined;
      // Kubernetes defaults a missing request to the limit.
      if (kind === 'requests' && present(r.limits[resource])) return undefined;
      return `container ${quoted(c.name)} has no ${label}`;
    },
    // One-shot init containers finish before the app starts; ephemeral ones take none.
    isLongLived,
  );
}

/** @internal */
export const resourceChecks: PostureCheck[] = [
  resourceCheck(CHECK_IDS.cpuRequestsMissing, 'requests', 'cpu'),
  resourceCheck(CHECK_IDS.cpuLimitsMissing, 'limits', 'cpu'),
  resourceCheck(CHECK_IDS.memoryRequestsMissing, 'requests', 'memory'),
  resourceCheck(CHECK_IDS.memoryLimitsMissing, 'limits', 'memory'),
];
