import { InputError } from '@backstage/errors';

/** A caller: a workload in a namespace, selected by its `app.kubernetes.io/name` label. */
export interface CallerRef {
  namespace: string;
  workload: string;
}

/** One declared egress destination. */
export type EgressTarget =
  | { type: 'cidr'; cidr: string; port: number; text: string }
  | {
      type: 'service';
      /** An in-cluster Service's DNS name: `<service>.<namespace>.svc[.cluster.local]`. */
      host: string;
      namespace: string;
      service: string;
      port: number;
      text: string;
    }
  | { type: 'host'; host: string; port: number; text: string };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const WORKLOAD_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const HOST =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const IN_CLUSTER = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?$/;

/** `namespace/workload` → a caller; anything else is a clear input error. */
export function parseCaller(text: string): CallerRef {
  const [namespace, workload, extra] = text.trim().split('/');
  if (
    extra !== undefined ||
    !namespace ||
    !workload ||
    !DNS_LABEL.test(namespace) ||
    !WORKLOAD_NAME.test(workload)
  ) {
    throw new InputError(
      `callers: "${text}" is not namespace/workload (lower-case DNS names, e.g. storefront/checkout-web)`,
    );
  }
  return { namespace, workload };
}

function parsePort(value: string, text: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new InputError(
      `egress: "${text}" has no port 1-65535 after the last ":"`,
    );
  }
  return port;
}

/** The IPv4 CIDR in canonical form, or undefined when the text is not one. */
export function parseCidr(text: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(
    text,
  );
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some(o => o > 255) || bits > 32) return undefined;
  const value = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const network = value - (value % size);
  const out = [24, 16, 8, 0].map(s => Math.floor(network / 2 ** s) % 256);
  return `${out.join('.')}/${bits}`;
}

/** `CIDR:port` or `host:port` → a destination; anything else is a clear input error. */
export function parseEgress(text: string): EgressTarget {
  const trimmed = text.trim();
  const at = trimmed.lastIndexOf(':');
  if (at <= 0) {
    throw new InputError(
      `egress: "${text}" is not CIDR:port or host:port (e.g. 10.20.0.0/16:5432, api.example.com:443)`,
    );
  }
  const target = trimmed.slice(0, at).toLowerCase();
  const port = parsePort(trimmed.slice(at + 1), text);
  const normalized = `${target}:${port}`;
  if (target.includes('/')) {
    const cidr = parseCidr(target);
    if (!cidr)
      throw new InputError(`egress: "${text}" has an invalid IPv4 CIDR`);
    return { type: 'cidr', cidr, port, text: `${cidr}:${port}` };
  }
  if (/^[\d.]+$/.test(target)) {
    const cidr = parseCidr(`${target}/32`);
    if (!cidr)
      throw new InputError(`egress: "${text}" has an invalid IPv4 address`);
    return { type: 'cidr', cidr, port, text: `${cidr}:${port}` };
  }
  const service = IN_CLUSTER.exec(target);
  if (service) {
    return {
      type: 'service',
      host: target,
      service: service[1],
      namespace: service[2],
      port,
      text: normalized,
    };
  }
  if (!HOST.test(target)) {
    throw new InputError(`egress: "${text}" has an invalid host name`);
  }
  return { type: 'host', host: target, port, text: normalized };
}

/** Parses a list, dropping duplicates (so a retried or repeated entry changes nothing). */
export function parseList<T>(
  items: readonly string[],
  parse: (text: string) => T,
  key: (t: T) => string,
): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const parsed = parse(item);
    if (!seen.has(key(parsed))) seen.set(key(parsed), parsed);
  }
  return [...seen.values()];
}

export const callerText = (c: CallerRef) => `${c.namespace}/${c.workload}`;
