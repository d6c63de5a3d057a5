import {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { LosslessNumber, parse, stringify } from 'lossless-json';
import fs from 'node:fs/promises';
import { FalcoReplayConfig } from './config';

/** Falco's own time prefix of an output line, `HH:MM:SS.nnnnnnnnn: `. */
const OUTPUT_TIME = /^\d{2}:\d{2}:\d{2}\.\d{9}: /;

/**
 * Re-stamps an example event as happening at `nowMs`: `time`, `output_fields.evt.time`
 * (an exact integer of nanoseconds) and the output line's time prefix. Drops `uuid` so
 * each pass is a new alert, as a new Falco detection would be.
 */
export function stampEvent(text: string, nowMs: number): string {
  const event = parse(text) as Record<string, any>;
  const iso = new Date(nowMs).toISOString();
  event.time = `${iso.slice(0, -1)}000000Z`;
  delete event.uuid;
  if (event.output_fields && typeof event.output_fields === 'object') {
    event.output_fields['evt.time'] = new LosslessNumber(
      (BigInt(nowMs) * 1_000_000n).toString(),
    );
  }
  if (typeof event.output === 'string') {
    event.output = event.output.replace(
      OUTPUT_TIME,
      `${iso.slice(11, 23)}000000: `,
    );
  }
  return stringify(event)!;
}

/**
 * The demo's Falco: posts example events one at a time through the real webhook over
 * HTTP, with a real credential, at a gentle pace. Runs as a global scheduled task, and
 * picks the event from the clock rather than from memory, so several replicas replay one
 * stream together.
 */
export class FalcoDemoReplayer {
  private events?: string[];

  constructor(
    private readonly deps: {
      config: FalcoReplayConfig;
      rootConfig: RootConfigService;
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      fetch?: typeof fetch;
    },
  ) {}

  private async load(): Promise<string[]> {
    if (!this.events) {
      const text = await fs.readFile(this.deps.config.path, 'utf8');
      this.events = text.split('\n').filter(line => line.trim());
      if (this.events.length === 0) {
        throw new Error(`No events in ${this.deps.config.path}`);
      }
    }
    return this.events;
  }

  private async credentialHeaders(): Promise<Record<string, string>> {
    const { sourceId } = this.deps.config;
    if (sourceId) {
      const source = (
        this.deps.rootConfig.getOptionalConfigArray(
          'containerSecurity.falco.sources',
        ) ?? []
      ).find(s => s.getString('id') === sourceId);
      if (!source) {
        throw new Error(
          `containerSecurity.falco.demo.replay.sourceId names no configured source: ${sourceId}`,
        );
      }
      return { 'x-falco-secret': source.getString('secret') };
    }
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'container-security',
    });
    return { authorization: `Bearer ${token}` };
  }

  /** Posts the event whose turn it is at `nowMs`; resolves with the webhook's status. */
  async postNext(nowMs = Date.now()): Promise<number> {
    const events = await this.load();
    const index =
      Math.floor(nowMs / this.deps.config.intervalMs) % events.length;
    const baseUrl = await this.deps.discovery.getBaseUrl('container-security');
    const response = await (this.deps.fetch ?? fetch)(
      `${baseUrl}/falco/events`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(await this.credentialHeaders()),
        },
        body: stampEvent(events[index], nowMs),
      },
    );
    if (!response.ok) {
      // Never the credential: only what the webhook said.
      this.deps.logger.warn('Falco demo replay was not accepted', {
        status: response.status,
        body: (await response.text()).slice(0, 300),
      });
    }
    return response.status;
  }

  async start(scheduler: SchedulerService): Promise<void> {
    const { intervalMs, path } = this.deps.config;
    this.deps.logger.info('replaying example Falco events', {
      path,
      intervalMs,
    });
    await scheduler.scheduleTask({
      id: 'container-security-falco-demo-replay',
      scope: 'global',
      frequency: { milliseconds: intervalMs },
      timeout: { seconds: 30 },
      initialDelay: { milliseconds: intervalMs },
      fn: async () => {
        await this.postNext();
      },
    });
  }
}
