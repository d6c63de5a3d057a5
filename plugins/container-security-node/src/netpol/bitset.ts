/** Fixed-size bitsets over endpoint classes, as Uint32Array words. */
export type Bits = Uint32Array;

export const wordsFor = (n: number) => (n + 31) >>> 5;

export function ones(n: number): Bits {
  const b = new Uint32Array(wordsFor(n)).fill(0xffffffff);
  const extra = n & 31;
  if (extra) b[b.length - 1] = ((1 << extra) - 1) >>> 0;
  return b;
}

export const zeros = (n: number): Bits => new Uint32Array(wordsFor(n));

export const test = (b: Bits, i: number): boolean =>
  (b[i >>> 5] & (1 << (i & 31))) !== 0;

export function set(b: Bits, i: number): void {
  b[i >>> 5] |= 1 << (i & 31);
}
