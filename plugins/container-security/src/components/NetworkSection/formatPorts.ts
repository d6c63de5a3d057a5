import { NetworkPortRange } from '@containersec/plugin-container-security-common';

/** `TCP 8080`, `TCP 8000-8100`, `UDP (all ports)`, `all traffic`, … */
export function formatPort(p: NetworkPortRange): string {
  const protocol = p.protocol.toLowerCase() === 'any' ? '' : p.protocol;
  if (p.port === undefined) {
    return protocol ? `${protocol} (all ports)` : 'all traffic';
  }
  const port = p.endPort !== undefined ? `${p.port}-${p.endPort}` : `${p.port}`;
  return protocol ? `${protocol} ${port}` : `port ${port}`;
}

/** Ports joined for a table cell or an edge label; "none" when empty. */
export function formatPorts(ports: NetworkPortRange[]): string {
  return ports.length ? ports.map(formatPort).join(', ') : 'none';
}
