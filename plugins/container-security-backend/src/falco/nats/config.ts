import { Config } from '@backstage/config';

/** `containerSecurity.falco.nats`: the JetStream source of Falco events. */
export interface FalcoNatsConfig {
  servers: string[];
  stream: string;
  subjects: string[];
  consumer: string;
  /** Create the stream (file storage) when it does not exist. */
  createStream: boolean;
  /** Cluster recorded for events from this stream (wins over event fields). */
  cluster?: string;
  /** Unacknowledged messages the consumer may hold (server-side flow control). */
  maxAckPending: number;
  /** Seconds before an unacknowledged message is redelivered. */
  ackWaitSeconds: number;
  credsFile?: string;
  user?: string;
  password?: string;
  token?: string;
}

/** Reads `containerSecurity.falco.nats`; undefined when absent or `enabled: false`. */
export function readFalcoNatsConfig(root: Config): FalcoNatsConfig | undefined {
  const nats = root.getOptionalConfig('containerSecurity.falco.nats');
  if (!nats || nats.getOptionalBoolean('enabled') === false) return undefined;
  return {
    servers: nats.getStringArray('servers'),
    stream: nats.getOptionalString('stream') ?? 'FALCO',
    subjects: nats.getOptionalStringArray('subjects') ?? ['falco.>'],
    consumer:
      nats.getOptionalString('consumer') ?? 'backstage-container-security',
    createStream: nats.getOptionalBoolean('createStream') ?? true,
    cluster: nats.getOptionalString('cluster'),
    maxAckPending: nats.getOptionalNumber('maxAckPending') ?? 10000,
    ackWaitSeconds: nats.getOptionalNumber('ackWaitSeconds') ?? 30,
    credsFile: nats.getOptionalString('credsFile'),
    user: nats.getOptionalString('user'),
    password: nats.getOptionalString('password'),
    token: nats.getOptionalString('token'),
  };
}
