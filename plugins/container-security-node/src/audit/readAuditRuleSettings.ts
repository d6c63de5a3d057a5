import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  Severity,
  SEVERITIES,
} from '@containersec/plugin-container-security-common';
import {
  AUDIT_RULE_IDS,
  AuditRuleSettings,
  DEFAULT_AUDIT_RULE_SETTINGS,
} from './rules';

/**
 * Reads `containerSecurity.audit.rules` (`[{ id, enabled?, severity? }]`) and
 * `containerSecurity.audit.accessDeniedBurst` (`{ threshold?, windowMinutes? }`). An unknown
 * rule id (built-in or in `extraRuleIds`) or severity throws, so a typo stops the backend instead of silently not applying.
 *
 * @public
 */
export function readAuditRuleSettings(
  config: Config | undefined,
  extraRuleIds: string[] = [],
): AuditRuleSettings {
  const known = [...AUDIT_RULE_IDS, ...extraRuleIds];
  const audit = config?.getOptionalConfig('containerSecurity.audit');
  if (!audit) return DEFAULT_AUDIT_RULE_SETTINGS;
  const rules = (audit.getOptionalConfigArray('rules') ?? []).map(r => {
    const id = r.getString('id');
    if (!known.includes(id)) {
      throw new InputError(
        `Unknown rule "${id}" in containerSecurity.audit.rules: expected one of ${known.join(
          ', ',
        )}`,
      );
    }
    const severity = r.getOptionalString('severity');
    if (
      severity !== undefined &&
      !(SEVERITIES as readonly string[]).includes(severity)
    ) {
      throw new InputError(
        `Invalid severity "${severity}" for ${id} in containerSecurity.audit.rules: expected one of ${SEVERITIES.join(
          ', ',
        )}`,
      );
    }
    return {
      id,
      enabled: r.getOptionalBoolean('enabled'),
      severity: severity as Severity | undefined,
    };
  });
  const burst = audit.getOptionalConfig('accessDeniedBurst');
  const defaults = DEFAULT_AUDIT_RULE_SETTINGS.accessDeniedBurst;
  const threshold = burst?.getOptionalNumber('threshold') ?? defaults.threshold;
  const windowMinutes =
    burst?.getOptionalNumber('windowMinutes') ?? defaults.windowMinutes;
  if (!Number.isInteger(threshold) || threshold < 1 || !(windowMinutes > 0)) {
    throw new InputError(
      'containerSecurity.audit.accessDeniedBurst: threshold must be a positive integer and windowMinutes positive',
    );
  }
  return { rules, accessDeniedBurst: { threshold, windowMinutes } };
}
