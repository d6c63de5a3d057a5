const MI = 1024 ** 2;
const GI = 1024 ** 3;

/**
 * CPU cores as Kubernetes writes them: `250m` below one core, `1.5` above.
 *
 * @public
 */
export function formatCpu(cores: number): string {
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return `${Number(cores.toFixed(2))}`;
}

/**
 * Bytes as Kubernetes writes memory: `384Mi`, `1.5Gi`.
 *
 * @public
 */
export function formatMemory(bytes: number): string {
  if (bytes >= GI) return `${Number((bytes / GI).toFixed(2))}Gi`;
  return `${Math.round(bytes / MI)}Mi`;
}

/**
 * A suggested CPU request, rounded up to a value people write: 5m steps below 100m,
 * 10m below one core, 50m above; never below 10m.
 *
 * @public
 */
export function roundCpuUp(cores: number): number {
  const m = Math.max(10, cores * 1000);
  let step = 50;
  if (m < 100) step = 5;
  else if (m < 1000) step = 10;
  return (Math.ceil(m / step - 1e-9) * step) / 1000;
}

/**
 * A suggested memory request, rounded up: 16Mi steps below 256Mi, 64Mi below 2Gi,
 * 256Mi above; never below 32Mi.
 *
 * @public
 */
export function roundMemoryUp(bytes: number): number {
  const mi = Math.max(32, bytes / MI);
  let step = 256;
  if (mi < 256) step = 16;
  else if (mi < 2048) step = 64;
  return Math.ceil(mi / step - 1e-9) * step * MI;
}

/**
 * A monthly amount, e.g. `$12.40`.
 *
 * @public
 */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 2,
  }).format(amount);
}
