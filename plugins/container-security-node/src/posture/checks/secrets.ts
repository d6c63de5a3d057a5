import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import {
  asArray,
  asRecord,
  containerCheck,
  objectCheck,
  quoted,
  WORKLOADS,
} from './helpers';

// Names that say "credential"; *_FILE/*_PATH/*_DIR name a place where one is, not the value.
const SENSITIVE_NAME =
  /PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|BEARER|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|^AZURE_.+KEY$|^OCI_CLI_KEY_CONTENT$/i;
const LOCATION_NAME = /_(FILE|PATH|DIR)$/i;
const AWS_ACCESS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
// The BEGIN marker of a private key, however many dashes frame it: PEM and PKCS#8
// (`-----BEGIN [RSA |EC |ENCRYPTED ]PRIVATE KEY-----`), OpenSSH (`-----BEGIN OPENSSH
// PRIVATE KEY-----`) and the SSH2/RFC 4716 form (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`).
// The match starts only where a dash run starts: without the look-behind, a long run of
// dashes with no marker is re-scanned from every one of its dashes (quadratic: 40,000
// dashes took 0.75 s, a 1 MiB ConfigMap value minutes).
const PEM_PRIVATE_KEY = /(?<!-)-+ ?BEGIN ([A-Z0-9]+ )*PRIVATE KEY ?-/;

/** What makes a name/value pair look like a credential, or undefined. */
export function sensitiveReason(
  name: string,
  value: string,
): string | undefined {
  if (AWS_ACCESS_KEY.test(value))
    return 'holds what looks like an AWS access key';
  if (PEM_PRIVATE_KEY.test(value)) return 'holds a PEM private key';
  if (value && SENSITIVE_NAME.test(name) && !LOCATION_NAME.test(name)) {
    return 'looks like a credential and is set as a literal value';
  }
  return undefined;
}

/** @internal */
export const secretChecks: PostureCheck[] = [
  containerCheck(CHECK_IDS.secretInEnvVar, WORKLOADS, c => {
    const found = asArray(c.spec.env).flatMap(e => {
      if (typeof e?.value !== 'string') return [];
      const reason = sensitiveReason(String(e.name ?? ''), e.value);
      return reason ? [`env var ${e.name} ${reason}`] : [];
    });
    return found.length
      ? `container ${quoted(c.name)}: ${found.join('; ')}`
      : undefined;
  }),
  objectCheck(CHECK_IDS.secretInConfigMap, ['ConfigMap'], ({ object }) =>
    Object.entries(asRecord(object.data)).flatMap(([key, value]) => {
      const reason = sensitiveReason(
        key,
        typeof value === 'string' ? value : '',
      );
      return reason ? [`key ${quoted(key)} ${reason}`] : [];
    }),
  ),
];
