import {
  CapacityType,
  CostHint,
  WorkloadRef,
} from '@containersec/plugin-container-security-common';
import { BusinessHours, offHoursFraction } from './businessHours';
import {
  formatCpu,
  formatMemory,
  formatMoney,
  roundCpuUp,
  roundMemoryUp,
} from './format';
import { monthlyCostOf, PriceTable } from './prices';
import { WorkloadUsageStats } from './summarize';

/**
 * The knobs of the hint engine.
 *
 * @public
 */
export interface CostThresholds {
  /** Right-size when the p95 usage is below this fraction of the request. */
  rightSizeBelow: number;
  /** Suggested requests are the p95 usage times this factor. */
  headroom: number;
  /** A limit is at risk when the peak usage reaches this fraction of it. */
  limitRiskAt: number;
  /** A workload whose p95 CPU per pod stays at or below this many cores is idle. */
  idleCpuCores: number;
  /** Scale down off hours when their p95 CPU is at most this fraction of business hours'. */
  offHoursIdleRatio: number;
  /** Spot needs at least this many replicas, so one interruption does not take the workload down. */
  spotMinReplicas: number;
  /** Savings hints below this monthly amount are dropped as noise. */
  minMonthlySavings: number;
}

/**
 * Default thresholds.
 *
 * @public
 */
export const DEFAULT_COST_THRESHOLDS: CostThresholds = {
  rightSizeBelow: 0.5,
  headroom: 1.3,
  limitRiskAt: 0.9,
  idleCpuCores: 0.005,
  offHoursIdleRatio: 0.1,
  spotMinReplicas: 2,
  minMonthlySavings: 1,
};

/**
 * The engine's answer for one workload.
 *
 * @public
 */
export interface WorkloadCostAssessment {
  /** Mean replicas the estimate assumes. */
  replicas: number;
  /** Monthly cost at the current requests, replicas and capacity type. */
  monthlyCost: number;
  /** Sum of the hints' savings; they are computed one after another, so they add up. */
  potentialSavings: number;
  hints: CostHint[];
}

interface CapacityState {
  cpu: number;
  memory: number;
  spot: boolean;
  runningFraction: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const pct = (n: number) => `${Math.round(n * 100)}%`;

/**
 * Computes the cost estimate and hints of one workload from its usage statistics. Pure:
 * no I/O, same input same answer.
 *
 * Savings hints are applied in order (idle, then right-size CPU and memory, then spot,
 * then scheduled scale-down), each priced on the state the previous ones leave, so the
 * savings of one workload add up without counting the same dollar twice. An idle
 * workload gets only the idle hint. Limit-risk hints carry no savings.
 *
 * @public
 */
export function assessWorkloadCost(input: {
  workload: WorkloadRef;
  stats: WorkloadUsageStats;
  prices: PriceTable;
  capacityType: CapacityType;
  businessHours: BusinessHours;
  thresholds?: Partial<CostThresholds>;
}): WorkloadCostAssessment {
  const { workload, stats, prices, capacityType, businessHours } = input;
  const t = { ...DEFAULT_COST_THRESHOLDS, ...input.thresholds };
  const cpuUsage = stats.cpu.usage;
  const memUsage = stats.memory.usage;
  const hasUsage = Boolean(cpuUsage || memUsage);
  // Without replica counts a source that reported usage saw at least one pod.
  const replicas = stats.replicas?.mean ?? (hasUsage ? 1 : 0);
  const money = (n: number) => formatMoney(n, prices.currency);

  // What the pods take from the nodes: their requests, or without requests what they use.
  const state: CapacityState = {
    cpu: stats.cpu.request ?? cpuUsage?.p95 ?? 0,
    memory: stats.memory.request ?? memUsage?.max ?? 0,
    spot: false,
    runningFraction: 1,
  };
  const costOf = (s: CapacityState) =>
    monthlyCostOf({
      cpuCores: s.cpu,
      memoryBytes: s.memory,
      replicas,
      capacityType,
      spot: s.spot,
      prices,
      runningFraction: s.runningFraction,
    });
  const monthlyCost = round2(costOf(state));
  const hints: CostHint[] = [];
  if (replicas <= 0 || !hasUsage) {
    return { replicas, monthlyCost, potentialSavings: 0, hints };
  }

  const name = workload.name;
  const hint = (
    h: Omit<CostHint, 'workload' | 'monthlySavings'>,
    savings: number,
  ) => hints.push({ ...h, workload, monthlySavings: round2(savings) });
  const apply = (next: CapacityState): number => {
    const saved = costOf(state) - costOf(next);
    Object.assign(state, next);
    return saved;
  };
  /** Lowers one request; keeps it, with its hint, only when that saves enough. */
  const lowerRequest = (
    resource: 'cpu' | 'memory',
    suggested: number,
    describe: (before: number) => Omit<CostHint, 'workload' | 'monthlySavings'>,
  ) => {
    const before = state[resource];
    const saved = apply({ ...state, [resource]: suggested });
    if (saved >= t.minMonthlySavings) hint(describe(before), saved);
    else state[resource] = before;
  };
  const replicaWords = `${round2(replicas)} replica${
    replicas === 1 ? '' : 's'
  }`;

  limitRisks();

  if (cpuUsage && cpuUsage.p95 <= t.idleCpuCores) {
    const saved = costOf(state);
    if (saved >= t.minMonthlySavings) {
      hint(
        {
          type: 'idle',
          resource: 'workload',
          title: `${name} is idle: scale it to zero or remove it`,
          current: `${replicaWords} running`,
          suggested: '0 replicas',
          why: `Its p95 CPU per pod was ${formatCpu(
            cpuUsage.p95,
          )} (peak ${formatCpu(
            cpuUsage.max,
          )}) over the window, at or below the ${formatCpu(
            t.idleCpuCores,
          )} idle threshold; it costs about ${money(saved)} a month.`,
        },
        saved,
      );
    }
    return finish();
  }

  if (
    cpuUsage &&
    stats.cpu.request !== undefined &&
    cpuUsage.p95 < stats.cpu.request * t.rightSizeBelow
  ) {
    const suggested = roundCpuUp(cpuUsage.p95 * t.headroom);
    if (suggested < stats.cpu.request) {
      lowerRequest('cpu', suggested, before => ({
        type: 'right-size',
        resource: 'cpu',
        title: `Lower the CPU request of ${name}`,
        current: `${formatCpu(before)} CPU per pod`,
        suggested: `${formatCpu(suggested)} CPU per pod`,
        why: `p95 CPU per pod was ${formatCpu(cpuUsage.p95)}, ${pct(
          cpuUsage.p95 / before,
        )} of the ${formatCpu(before)} CPU request; the suggestion is p95 × ${
          t.headroom
        } headroom, rounded up, across ${replicaWords}.`,
      }));
    }
  }

  if (
    memUsage &&
    stats.memory.request !== undefined &&
    memUsage.p95 < stats.memory.request * t.rightSizeBelow
  ) {
    // Memory cannot be throttled, only killed: never suggest less than the peak.
    const suggested = roundMemoryUp(
      Math.max(memUsage.p95 * t.headroom, memUsage.max * 1.1),
    );
    if (suggested < stats.memory.request) {
      lowerRequest('memory', suggested, before => ({
        type: 'right-size',
        resource: 'memory',
        title: `Lower the memory request of ${name}`,
        current: `${formatMemory(before)} memory per pod`,
        suggested: `${formatMemory(suggested)} memory per pod`,
        why: `p95 memory per pod was ${formatMemory(memUsage.p95)}, ${pct(
          memUsage.p95 / before,
        )} of the ${formatMemory(before)} request, peak ${formatMemory(
          memUsage.max,
        )}; the suggestion is the larger of p95 × ${
          t.headroom
        } and peak × 1.1, rounded up.`,
      }));
    }
  }

  const kind = workload.kind || stats.kind;
  if (
    kind === 'Deployment' &&
    stats.usesPersistentVolumes !== true &&
    (stats.replicas?.max ?? replicas) >= t.spotMinReplicas
  ) {
    const saved = apply({ ...state, spot: true });
    if (saved >= t.minMonthlySavings) {
      const pvcs =
        stats.usesPersistentVolumes === false
          ? 'mounts no PersistentVolumeClaims'
          : 'is a Deployment (no volume information: check it mounts no PersistentVolumeClaims)';
      hint(
        {
          type: 'spot',
          resource: 'workload',
          title: `Run ${name} on ${
            capacityType === 'fargate' ? 'Fargate Spot' : 'spot instances'
          }`,
          current: capacityType === 'fargate' ? 'Fargate' : 'EC2 on-demand',
          suggested: capacityType === 'fargate' ? 'Fargate Spot' : 'EC2 spot',
          why: `It ${pvcs} and runs ${replicaWords}, so an interrupted pod is replaced while the others serve.`,
        },
        saved,
      );
    } else {
      state.spot = false;
    }
  }

  const business = stats.businessHoursCpu;
  const off = stats.offHoursCpu;
  if (
    kind !== 'DaemonSet' &&
    business &&
    off &&
    business.p95 > 0 &&
    off.p95 <= business.p95 * t.offHoursIdleRatio
  ) {
    const fraction = offHoursFraction(businessHours);
    const saved = apply({ ...state, runningFraction: 1 - fraction });
    if (saved >= t.minMonthlySavings) {
      hint(
        {
          type: 'schedule',
          resource: 'workload',
          title: `Scale ${name} down outside business hours`,
          current: `${replicaWords} around the clock`,
          suggested: `0 replicas outside business hours (${pct(
            fraction,
          )} of the week)`,
          why: `Outside business hours (${businessHours.startHour}:00–${
            businessHours.endHour
          }:00 ${businessHours.timezone}) its p95 CPU was ${formatCpu(
            off.p95,
          )}, ${pct(off.p95 / business.p95)} of the ${formatCpu(
            business.p95,
          )} in business hours.`,
        },
        saved,
      );
    }
  }

  return finish();

  function finish(): WorkloadCostAssessment {
    const potentialSavings = round2(
      hints.reduce((sum, h) => sum + h.monthlySavings, 0),
    );
    return { replicas, monthlyCost, potentialSavings, hints };
  }

  function limitRisks() {
    const cpuLimit = stats.cpu.limit;
    if (cpuUsage && cpuLimit && cpuUsage.max >= cpuLimit * t.limitRiskAt) {
      hint(
        {
          type: 'limit-risk',
          resource: 'cpu',
          title: `${name} is throttled at its CPU limit`,
          current: `${formatCpu(cpuLimit)} CPU limit`,
          suggested: `${formatCpu(
            roundCpuUp(cpuUsage.max * 1.25),
          )} CPU limit or more`,
          why: `Peak CPU per pod reached ${formatCpu(cpuUsage.max)}, ${pct(
            cpuUsage.max / cpuLimit,
          )} of the limit: the kernel throttles the pod at peaks, which shows as latency.`,
        },
        0,
      );
    }
    const memLimit = stats.memory.limit;
    if (memUsage && memLimit && memUsage.max >= memLimit * t.limitRiskAt) {
      hint(
        {
          type: 'limit-risk',
          resource: 'memory',
          title: `${name} is close to being OOM-killed`,
          current: `${formatMemory(memLimit)} memory limit`,
          suggested: `${formatMemory(
            roundMemoryUp(memUsage.max * 1.25),
          )} memory limit or more`,
          why: `Peak memory per pod reached ${formatMemory(
            memUsage.max,
          )}, ${pct(
            memUsage.max / memLimit,
          )} of the limit: a little more and the kernel kills the container.`,
        },
        0,
      );
    }
  }
}

/**
 * Orders hints for display: largest savings first, risk hints after, then by workload.
 *
 * @public
 */
export function sortCostHints(hints: CostHint[]): CostHint[] {
  return [...hints].sort(
    (a, b) =>
      b.monthlySavings - a.monthlySavings ||
      (a.type === 'limit-risk' ? 1 : 0) - (b.type === 'limit-risk' ? 1 : 0) ||
      a.workload.name.localeCompare(b.workload.name) ||
      a.resource.localeCompare(b.resource),
  );
}
