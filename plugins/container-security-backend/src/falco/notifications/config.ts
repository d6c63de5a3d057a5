import { RootConfigService } from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import {
  FalcoPriority,
  FALCO_PRIORITIES,
  parseFalcoPriority,
} from '@containersec/plugin-container-security-common';

/** `containerSecurity.falco.notifications`. */
export interface FalcoNotificationConfig {
  enabled: boolean;
  /** Alerts at or above this priority notify the owning group. */
  minPriority: FalcoPriority;
  /** Length of the per entity and rule rate-limit window. */
  windowMs: number;
}

const KEY = 'containerSecurity.falco.notifications';

export function readFalcoNotificationConfig(
  config: RootConfigService,
): FalcoNotificationConfig {
  const c = config.getOptionalConfig(KEY);
  const rawPriority = c?.getOptionalString('minPriority') ?? 'Critical';
  const minPriority = parseFalcoPriority(rawPriority);
  if (!minPriority) {
    throw new InputError(
      `${KEY}.minPriority must be one of ${FALCO_PRIORITIES.join(
        ', ',
      )}, got "${rawPriority}"`,
    );
  }
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    minPriority,
    windowMs: c?.has('window')
      ? durationToMilliseconds(readDurationFromConfig(c, { key: 'window' }))
      : 15 * 60_000,
  };
}
