/**
 * IPv4/IPv6 addresses and CIDRs as bigints, enough for containment tests.
 */

/** A parsed CIDR: family, network bits and prefix length. */
export interface Cidr {
  v6: boolean;
  base: bigint;
  prefix: number;
  text: string;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  let head = text;
  let tail4: bigint | undefined;
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts for two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail4 = parseV4(text.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [
    ...left,
    ...Array(halves.length === 2 ? missing : 0).fill('0'),
    ...right,
  ];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail4 !== undefined) value = (value & ~0xffffffffn) | tail4;
  return value;
}

const ipCache = new Map<string, { v6: boolean; value: bigint } | undefined>();

/** Parses an address; undefined when it is not one. Memoised: flows repeat addresses. */
export function parseIp(
  text: string,
): { v6: boolean; value: bigint } | undefined {
  if (ipCache.has(text)) return ipCache.get(text);
  if (ipCache.size > 10_000) ipCache.clear();
  const parsed = parseIpUncached(text);
  ipCache.set(text, parsed);
  return parsed;
}

function parseIpUncached(
  text: string,
): { v6: boolean; value: bigint } | undefined {
  const t = text.trim();
  if (t.includes(':')) {
    const value = parseV6(t);
    return value === undefined ? undefined : { v6: true, value };
  }
  const value = parseV4(t);
  return value === undefined ? undefined : { v6: false, value };
}

/** Parses `a.b.c.d/n` or `x::/n`; a bare address is a host route. */
export function parseCidr(text: string): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const [addr, len, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const bits = ip.v6 ? 128 : 32;
  const prefix = len === undefined ? bits : Number(len);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > bits ||
    (len !== undefined && !/^\d+$/.test(len))
  ) {
    return undefined;
  }
  const hostBits = BigInt(bits - prefix);
  const base = (ip.value >> hostBits) << hostBits;
  return { v6: ip.v6, base, prefix, text: text.trim() };
}

/** Whether the address lies in the CIDR (families must agree). */
export function cidrContains(
  cidr: Cidr,
  ip: { v6: boolean; value: bigint },
): boolean {
  if (cidr.v6 !== ip.v6) return false;
  const hostBits = BigInt((cidr.v6 ? 128 : 32) - cidr.prefix);
  return (ip.value >> hostBits) << hostBits === cidr.base;
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return (
    inner.v6 === outer.v6 &&
    inner.prefix >= outer.prefix &&
    cidrContains(outer, { v6: inner.v6, value: inner.base })
  );
}

/** Formats an address value. */
export function formatIp(ip: { v6: boolean; value: bigint }): string {
  if (!ip.v6) {
    return [24n, 16n, 8n, 0n]
      .map(s => String((ip.value >> s) & 255n))
      .join('.');
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) {
    groups.push(((ip.value >> BigInt(i * 16)) & 0xffffn).toString(16));
  }
  return groups.join(':');
}

const cache = new Map<string, Cidr | undefined>();
/** {@link parseCidr} memoised: policies repeat the same few CIDRs. */
export function cidrOf(text: string): Cidr | undefined {
  if (!cache.has(text)) cache.set(text, parseCidr(text));
  return cache.get(text);
}
