import { CapacityType } from '@containersec/plugin-container-security-common';

/**
 * Hourly price of one vCPU and one GiB of memory.
 *
 * @public
 */
export interface ResourceRates {
  vcpuHour: number;
  gibHour: number;
}

/**
 * What capacity costs, per capacity type and purchase option.
 *
 * @public
 */
export interface PriceTable {
  /** ISO 4217 currency of every rate. */
  currency: string;
  ec2OnDemand: ResourceRates;
  ec2Spot: ResourceRates;
  fargate: ResourceRates;
  fargateSpot: ResourceRates;
}

/**
 * Hours in an average month (365 × 24 ÷ 12), as AWS prices monthly figures.
 *
 * @public
 */
export const HOURS_PER_MONTH = 730;

/**
 * Default prices, us-east-1, Linux (USD).
 *
 * EC2: an m5.large (2 vCPU, 8 GiB) at $0.096/h on demand, split between vCPU and
 * memory in the same ratio Fargate prices them (1 vCPU ≈ 9.1 GiB), which gives
 * $0.0334 per vCPU-hour and $0.00366 per GiB-hour; spot at 40 % of on-demand (the
 * m5.large spot price has hovered around 60 % below on-demand). Fargate: the published
 * $0.04048 per vCPU-hour and $0.004445 per GB-hour; Fargate Spot 70 % below that.
 *
 * @public
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  currency: 'USD',
  ec2OnDemand: { vcpuHour: 0.0334, gibHour: 0.00366 },
  ec2Spot: { vcpuHour: 0.01336, gibHour: 0.001464 },
  fargate: { vcpuHour: 0.04048, gibHour: 0.004445 },
  fargateSpot: { vcpuHour: 0.01214, gibHour: 0.001334 },
};

/** Fargate's smallest task size: 0.25 vCPU and 0.5 GiB. */
const FARGATE_MIN_VCPU = 0.25;
const FARGATE_MIN_GIB = 0.5;
const GIB = 1024 ** 3;

/**
 * The rates a workload pays.
 *
 * @public
 */
export function ratesFor(
  prices: PriceTable,
  capacityType: CapacityType,
  spot: boolean,
): ResourceRates {
  if (capacityType === 'fargate') {
    return spot ? prices.fargateSpot : prices.fargate;
  }
  return spot ? prices.ec2Spot : prices.ec2OnDemand;
}

/**
 * Monthly cost of `replicas` pods that each reserve `cpuCores` and `memoryBytes`.
 * Fargate bills at least its smallest task size per pod; EC2 capacity is priced per
 * reserved vCPU and GiB (what the pods take away from the nodes).
 *
 * @public
 */
export function monthlyCostOf(options: {
  cpuCores: number;
  memoryBytes: number;
  replicas: number;
  capacityType: CapacityType;
  spot?: boolean;
  prices: PriceTable;
  /** Fraction of the month the pods run; 1 unless scheduled down. */
  runningFraction?: number;
}): number {
  const rates = ratesFor(
    options.prices,
    options.capacityType,
    options.spot ?? false,
  );
  let vcpu = Math.max(0, options.cpuCores);
  let gib = Math.max(0, options.memoryBytes) / GIB;
  if (options.capacityType === 'fargate') {
    vcpu = Math.max(vcpu, FARGATE_MIN_VCPU);
    gib = Math.max(gib, FARGATE_MIN_GIB);
  }
  const perPodHour = vcpu * rates.vcpuHour + gib * rates.gibHour;
  return (
    perPodHour *
    Math.max(0, options.replicas) *
    HOURS_PER_MONTH *
    (options.runningFraction ?? 1)
  );
}
