import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import {
  asArray,
  asRecord,
  containerCheck,
  ContainerRef,
  quoted,
  securityContextOf,
  WORKLOADS,
} from './helpers';
import { isWindows } from './platform';

/**
 * Capability names normalised (upper case, without `CAP_`), as the runtime reads them:
 * what the Polaris checks compare.
 */
function capabilities(c: ContainerRef) {
  const caps = asRecord(securityContextOf(c).capabilities);
  const norm = (list: unknown) =>
    asArray(list).map(x => String(x).toUpperCase().replace(/^CAP_/, ''));
  return { add: norm(caps.add), drop: norm(caps.drop) };
}

/**
 * Capability names as written. The Pod Security Standards compare them exactly
 * (`check_capabilities_*.go`): `chown` or `CAP_CHOWN` is not `CHOWN`, and only `ALL`
 * in `drop` drops everything.
 */
function rawCapabilities(c: ContainerRef) {
  const caps = asRecord(securityContextOf(c).capabilities);
  const raw = (list: unknown) => asArray(list).map(x => String(x));
  return { add: raw(caps.add), drop: raw(caps.drop) };
}

const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN']);

// The runtime default set: what the baseline standard lets a pod add back.
const BASELINE_ALLOWED = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

// Polaris also accepts dropping every default capability one by one instead of ALL.
const POLARIS_INSECURE = [...BASELINE_ALLOWED, 'NET_ADMIN', 'NET_RAW'];

const linuxOnly = (
  _c: ContainerRef,
  subject: Parameters<typeof isWindows>[0],
) => !isWindows(subject);

/** @internal */
export const capabilityChecks: PostureCheck[] = [
  containerCheck(CHECK_IDS.dangerousCapabilities, WORKLOADS, c => {
    const added = capabilities(c).add.filter(x => DANGEROUS.has(x));
    return added.length
      ? `container ${quoted(c.name)} adds capability ${added.join(', ')}`
      : undefined;
  }),
  containerCheck(
    CHECK_IDS.insecureCapabilities,
    WORKLOADS,
    c => {
      if (rawCapabilities(c).drop.includes('ALL')) return undefined;
      const { drop } = capabilities(c);
      if (POLARIS_INSECURE.every(x => drop.includes(x))) return undefined;
      return `container ${quoted(c.name)} does not drop ALL capabilities`;
    },
    linuxOnly,
  ),
  containerCheck(CHECK_IDS.capabilitiesBeyondBaseline, WORKLOADS, c => {
    const extra = rawCapabilities(c).add.filter(x => !BASELINE_ALLOWED.has(x));
    return extra.length
      ? `container ${quoted(
          c.name,
        )} adds capabilities beyond the baseline set: ${extra.join(', ')}`
      : undefined;
  }),
  containerCheck(
    CHECK_IDS.capabilitiesAddedBeyondNetBindService,
    WORKLOADS,
    c => {
      const extra = rawCapabilities(c).add.filter(
        x => x !== 'NET_BIND_SERVICE',
      );
      return extra.length
        ? `container ${quoted(
            c.name,
          )} adds capabilities other than NET_BIND_SERVICE: ${extra.join(', ')}`
        : undefined;
    },
    linuxOnly,
  ),
];
