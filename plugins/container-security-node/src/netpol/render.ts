import { printSelector, SelectorNode } from './selector';
import {
  NetpolPeerMatch,
  NetpolPortMatch,
  NetpolPortRange,
  NetpolRule,
} from './types';

const sel = (node: SelectorNode) => printSelector(node);

function describePort(p: NetpolPortMatch): string {
  if (p.type === 'named') return `port "${p.name}"`;
  if (p.from === 1 && p.to === 65535) return 'all ports';
  return p.from === p.to ? String(p.from) : `${p.from}-${p.to}`;
}

/** One peer of a rule in words ("pods app == \"web\" in namespace shop"). */
export function describePeer(peer: NetpolPeerMatch): string {
  const parts: string[] = [];
  const what =
    peer.selector && peer.selector.type !== 'all'
      ? `endpoints ${sel(peer.selector)}`
      : 'all endpoints';
  if (
    peer.selector ||
    peer.notSelector ||
    peer.namespace ||
    peer.namespaceSelector ||
    peer.serviceAccountNames ||
    peer.serviceAccountSelector
  ) {
    parts.push(what);
    if (peer.notSelector) parts.push(`except ${sel(peer.notSelector)}`);
    if (peer.namespace) parts.push(`in namespace ${peer.namespace}`);
    if (peer.namespaceSelector) {
      parts.push(
        peer.namespaceSelector.type === 'all'
          ? 'in any namespace'
          : `in namespaces ${sel(peer.namespaceSelector)}`,
      );
    }
    if (peer.serviceAccountNames) {
      parts.push(
        `with service account ${peer.serviceAccountNames.join(' or ')}`,
      );
    }
    if (peer.serviceAccountSelector) {
      parts.push(`with service accounts ${sel(peer.serviceAccountSelector)}`);
    }
  }
  if (peer.nets)
    parts.push(
      `${parts.length ? 'at' : 'addresses in'} ${peer.nets.join(', ')}`,
    );
  if (peer.notNets)
    parts.push(
      `${parts.length ? 'not in' : 'addresses not in'} ${peer.notNets.join(
        ', ',
      )}`,
    );
  return parts.length ? parts.join(' ') : 'anywhere';
}

/** The protocol/port part of a rule in words. */
function describePorts(rule: Omit<NetpolRule, 'text'>): string {
  const parts: string[] = [];
  if (rule.portProtocols && rule.ports) {
    parts.push(
      rule.ports
        .map((p, i) => `${rule.portProtocols![i]} ${describePort(p)}`)
        .join(', '),
    );
  } else {
    const proto = rule.protocol ?? (rule.ports ? 'TCP/UDP/SCTP' : '');
    const ports = rule.ports
      ? ` ${rule.ports.map(describePort).join(', ')}`
      : '';
    if (proto || ports) parts.push(`${proto}${ports}`.trim());
    if (rule.notProtocol) parts.push(`not protocol ${rule.notProtocol}`);
    if (rule.notPorts)
      parts.push(`except ports ${rule.notPorts.map(describePort).join(', ')}`);
  }
  if (rule.sourcePorts)
    parts.push(
      `from source ports ${rule.sourcePorts.map(describePort).join(', ')}`,
    );
  if (rule.sourceNotPorts)
    parts.push(
      `not from source ports ${rule.sourceNotPorts
        .map(describePort)
        .join(', ')}`,
    );
  return parts.length ? parts.join(' ') : 'all traffic';
}

/** A rule in one sentence, e.g. `Allow TCP 8080 from endpoints app == "web" in namespace shop`. */
export function describeRule(rule: Omit<NetpolRule, 'text'>): string {
  const peers = rule.peers
    ? rule.peers.map(describePeer).join('; or ')
    : 'anywhere';
  const dir = rule.direction === 'ingress' ? 'from' : 'to';
  const local = rule.localPeer
    ? ` (${
        rule.direction === 'ingress' ? 'destination' : 'source'
      } ${describePeer(rule.localPeer)})`
    : '';
  return `${rule.action} ${describePorts(rule)} ${dir} ${peers}${local}`;
}

/**
 * Port ranges in words: `TCP 8080, UDP 53, TCP 1000-2000`, `all TCP ports`, `all traffic`.
 *
 * @public
 */
export function formatNetpolPorts(ports: readonly NetpolPortRange[]): string {
  if (ports.length === 0) return 'nothing';
  return ports
    .map(p => {
      if (p.protocol === 'ANY') return 'all traffic';
      if (p.port === undefined) return `all ${p.protocol}`;
      return p.endPort !== undefined && p.endPort !== p.port
        ? `${p.protocol} ${p.port}-${p.endPort}`
        : `${p.protocol} ${p.port}`;
    })
    .join(', ');
}
