import { RootConfigService } from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import path from 'node:path';

/** `containerSecurity.falco.demo.replay`. */
export interface FalcoReplayConfig {
  /** The JSON Lines file of example events, resolved against the working directory. */
  path: string;
  intervalMs: number;
  /**
   * A configured Falco source (`containerSecurity.falco.sources[].id`) whose secret the
   * replayer sends; without one it sends the plugin's own service token.
   */
  sourceId?: string;
}

const KEY = 'containerSecurity.falco.demo.replay';

/** The replay configuration, or undefined when replay is not enabled. */
export function readFalcoReplayConfig(
  config: RootConfigService,
  workingDirectory: string,
): FalcoReplayConfig | undefined {
  const c = config.getOptionalConfig(KEY);
  if (!c || c.getOptionalBoolean('enabled') === false) return undefined;
  const intervalMs = c.has('interval')
    ? durationToMilliseconds(readDurationFromConfig(c, { key: 'interval' }))
    : 7_000;
  if (intervalMs < 1000) {
    throw new Error(`${KEY}.interval must be at least one second`);
  }
  return {
    path: path.resolve(workingDirectory, c.getString('path')),
    intervalMs,
    sourceId: c.getOptionalString('sourceId'),
  };
}
