import { formatCpu, formatMemory, roundCpuUp, roundMemoryUp } from './format';

const MI = 1024 ** 2;

describe('cost formatting', () => {
  it('writes CPU and memory as Kubernetes does', () => {
    expect(formatCpu(0.25)).toBe('250m');
    expect(formatCpu(1.5)).toBe('1.5');
    expect(formatMemory(384 * MI)).toBe('384Mi');
    expect(formatMemory(1536 * MI)).toBe('1.5Gi');
  });

  it('rounds suggestions up to steps people write, with floors', () => {
    expect(roundCpuUp(0.0012)).toBe(0.01);
    expect(roundCpuUp(0.052)).toBe(0.055);
    expect(roundCpuUp(0.123)).toBe(0.13);
    expect(roundCpuUp(0.13)).toBe(0.13);
    expect(roundCpuUp(1.21)).toBe(1.25);
    expect(roundMemoryUp(1 * MI)).toBe(32 * MI);
    expect(roundMemoryUp(100 * MI)).toBe(112 * MI);
    expect(roundMemoryUp(300 * MI)).toBe(320 * MI);
    expect(roundMemoryUp(2100 * MI)).toBe(2304 * MI);
  });
});
