import { ownCpuSeconds } from './cpu';
import { percentile, round, Sender } from './sender';

/** The HTTP figures of one endpoint: one serial sender, then `senders` concurrent ones. */
export interface IngestFigures {
  serialEventsPerSec: number;
  serialP50Ms: number;
  serialP99Ms: number;
  concurrentEventsPerSec: number;
  concurrentP50Ms: number;
  concurrentP99Ms: number;
  non2xx: number;
  /**
   * CPU time per event with 16 senders, when the run was given `serverCpuSeconds`: the
   * endpoint's side (server, database) and the sender's. Their sum bounds the events
   * per second the machine's cores can carry, whatever the endpoint waits on.
   */
  concurrentServerCpuMicrosPerEvent?: number;
  /** The part of the server's that the database's processes used. */
  concurrentDatabaseCpuMicrosPerEvent?: number;
  concurrentSenderCpuMicrosPerEvent?: number;
  serialServerCpuMicrosPerEvent?: number;
}

/** CPU seconds used during a phase, by the endpoint's side and by the sender. */
interface PhaseCpu {
  server: number;
  database: number;
  sender: number;
}

/** What one measurement saw, before it is summed up: rounds of one endpoint add up. */
export interface IngestSample {
  serialSeconds: number;
  serialLatencies: number[];
  concurrentSeconds: number;
  concurrentLatencies: number[];
  non2xx: number;
  serialCpu?: PhaseCpu;
  concurrentCpu?: PhaseCpu;
}

/** Options of {@link sampleIngest}. */
export interface IngestRun {
  port: number;
  path: string;
  headers: Record<string, string>;
  nextBody: () => string;
  serialEvents: number;
  concurrentEvents: number;
  senders: number;
  onAcked?: (body: string) => void;
  /** Cumulative CPU seconds of the endpoint's processes, database included (see cpuSecondsOf). */
  serverCpuSeconds?: () => number;
  /** Cumulative CPU seconds of the database's processes alone. */
  databaseCpuSeconds?: () => number;
}

/** The CPU that `phase` costs the endpoint's side and this process, when the run can read it. */
async function cpuOf(
  run: IngestRun,
  phase: () => Promise<unknown>,
): Promise<PhaseCpu | undefined> {
  const { serverCpuSeconds, databaseCpuSeconds = () => 0 } = run;
  if (!serverCpuSeconds) {
    await phase();
    return undefined;
  }
  const server = serverCpuSeconds();
  const database = databaseCpuSeconds();
  const sender = ownCpuSeconds();
  await phase();
  return {
    server: serverCpuSeconds() - server,
    database: databaseCpuSeconds() - database,
    sender: ownCpuSeconds() - sender,
  };
}

/**
 * One serial sender (Falcosidekick's default) posting `serialEvents`, then `senders`
 * concurrent senders posting `concurrentEvents` between them, each on its own
 * keep-alive connection to `port`. `onAcked` hears the body of every 2xx answer.
 */
export async function sampleIngest(options: IngestRun): Promise<IngestSample> {
  const { port, headers, nextBody, onAcked } = options;
  const post = async (sender: Sender) => {
    const body = nextBody();
    const status = await sender.post(body);
    if (status >= 200 && status < 300) onAcked?.(body);
  };
  const serial = new Sender(options.path, headers, port);
  let begun = performance.now();
  const serialCpu = await cpuOf(options, async () => {
    for (let i = 0; i < options.serialEvents; i++) await post(serial);
  });
  const serialSeconds = (performance.now() - begun) / 1000;
  serial.close();
  const senders = Array.from(
    { length: options.senders },
    () => new Sender(options.path, headers, port),
  );
  const perSender = Math.ceil(options.concurrentEvents / options.senders);
  begun = performance.now();
  const concurrentCpu = await cpuOf(options, () =>
    Promise.all(
      senders.map(async s => {
        for (let i = 0; i < perSender; i++) await post(s);
      }),
    ),
  );
  const concurrentSeconds = (performance.now() - begun) / 1000;
  senders.forEach(s => s.close());
  return {
    serialSeconds,
    serialLatencies: serial.latencies,
    concurrentSeconds,
    concurrentLatencies: senders.flatMap(s => s.latencies),
    non2xx:
      senders.reduce((n, s) => n + s.non2xx + s.errors, 0) +
      serial.non2xx +
      serial.errors,
    serialCpu,
    concurrentCpu,
  };
}

/** Microseconds of CPU per event over samples that all measured it; undefined otherwise. */
function cpuMicrosPerEvent(
  samples: IngestSample[],
  phase: 'serial' | 'concurrent',
  side: keyof PhaseCpu,
): number | undefined {
  const cpu = samples.map(s => s[`${phase}Cpu`]);
  if (cpu.some(c => c === undefined)) return undefined;
  const seconds = cpu.reduce((n, c) => n + c![side], 0);
  const events = samples.reduce((n, s) => n + s[`${phase}Latencies`].length, 0);
  return round((seconds * 1e6) / events, 0);
}

/** The figures of one or more samples of the same endpoint, as if they were one run. */
export function figuresOf(samples: IngestSample[]): IngestFigures {
  const sum = (f: (s: IngestSample) => number) =>
    samples.reduce((n, s) => n + f(s), 0);
  const serial = samples.flatMap(s => s.serialLatencies);
  const all = samples.flatMap(s => s.concurrentLatencies);
  return {
    serialEventsPerSec: round(serial.length / sum(s => s.serialSeconds), 0),
    serialP50Ms: round(percentile(serial, 50), 3),
    serialP99Ms: round(percentile(serial, 99), 3),
    concurrentEventsPerSec: round(
      all.length / sum(s => s.concurrentSeconds),
      0,
    ),
    concurrentP50Ms: round(percentile(all, 50), 3),
    concurrentP99Ms: round(percentile(all, 99), 3),
    non2xx: sum(s => s.non2xx),
    ...definedOnly({
      serialServerCpuMicrosPerEvent: cpuMicrosPerEvent(
        samples,
        'serial',
        'server',
      ),
      concurrentServerCpuMicrosPerEvent: cpuMicrosPerEvent(
        samples,
        'concurrent',
        'server',
      ),
      concurrentDatabaseCpuMicrosPerEvent: cpuMicrosPerEvent(
        samples,
        'concurrent',
        'database',
      ),
      concurrentSenderCpuMicrosPerEvent: cpuMicrosPerEvent(
        samples,
        'concurrent',
        'sender',
      ),
    }),
  };
}

function definedOnly<T extends object>(figures: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(figures).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/** {@link sampleIngest} once, as figures. */
export async function measureIngest(
  options: IngestRun,
): Promise<IngestFigures> {
  return figuresOf([await sampleIngest(options)]);
}

/** `figures` with each key prefixed (`bare` + `serialEventsPerSec` → `bareSerialEventsPerSec`); no prefix keeps them. */
export function prefixed(
  prefix: string,
  figures: object,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(figures).map(([key, value]) => [
      prefix ? `${prefix}${key[0].toUpperCase()}${key.slice(1)}` : key,
      value,
    ]),
  );
}
