import { parsePodSecurityVersion } from '../podSecurityVersion';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  Severity,
  SEVERITIES,
} from '@containersec/plugin-container-security-common';
import { PostureRules } from './types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function readSeverity(config: Config, key: string): Severity {
  const value = config.getString(key);
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new InputError(
      `Invalid ${key} "${value}" in containerSecurity.posture: expected one of ${SEVERITIES.join(
        ', ',
      )}`,
    );
  }
  return value as Severity;
}

/**
 * Reads `containerSecurity.posture` from app-config. Malformed entries throw with the key
 * that is wrong, so a typo stops the backend (or the CLI) instead of silently not applying.
 *
 * @public
 */
export function readPostureRules(config: Config | undefined): PostureRules {
  const posture = config?.getOptionalConfig('containerSecurity.posture');
  if (!posture) {
    return {
      rules: [],
      exemptions: [],
      customChecks: [],
      allowedRegistries: [],
    };
  }
  const podSecurityVersion = posture.getOptionalString('podSecurityVersion');
  if (
    podSecurityVersion !== undefined &&
    !parsePodSecurityVersion(podSecurityVersion)
  ) {
    throw new InputError(
      `Invalid containerSecurity.posture.podSecurityVersion ${JSON.stringify(
        podSecurityVersion,
      )}: expected "latest" or "v1.<minor>"`,
    );
  }
  return {
    ...(podSecurityVersion !== undefined && { podSecurityVersion }),
    allowedRegistries:
      posture.getOptionalStringArray('allowedRegistries') ?? [],
    rules: (posture.getOptionalConfigArray('rules') ?? []).map(r => ({
      check: r.getString('check'),
      enabled: r.getOptionalBoolean('enabled'),
      severity: r.has('severity') ? readSeverity(r, 'severity') : undefined,
      namespaces: r.getOptionalStringArray('namespaces'),
      entities: r.getOptionalStringArray('entities'),
    })),
    exemptions: (posture.getOptionalConfigArray('exemptions') ?? []).map(e => {
      const expires = e.getOptionalString('expires');
      if (expires !== undefined && !DATE.test(expires)) {
        throw new InputError(
          `Invalid expires "${expires}" in containerSecurity.posture.exemptions: expected YYYY-MM-DD`,
        );
      }
      return {
        check: e.getString('check'),
        namespace: e.getOptionalString('namespace'),
        kind: e.getOptionalString('kind'),
        name: e.getOptionalString('name'),
        container: e.getOptionalString('container'),
        reason: e.getString('reason'),
        owner: e.getString('owner'),
        expires,
        origin: 'config' as const,
      };
    }),
    customChecks: (posture.getOptionalConfigArray('customChecks') ?? []).map(
      c => ({
        id: c.getString('id'),
        title: c.getString('title'),
        severity: readSeverity(c, 'severity'),
        kinds: c.getStringArray('kinds'),
        expression: c.getString('expression'),
        message: c.getOptionalString('message'),
        remediation: c.getOptionalString('remediation'),
      }),
    ),
  };
}
