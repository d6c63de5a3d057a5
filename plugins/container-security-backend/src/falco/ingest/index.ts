/**
 * Falco ingest: webhook routes, NDJSON batches, the micro-batching writer, the durable
 * spool and the NATS JetStream consumer all end in {@link FalcoIngestService}.
 *
 * Hook for attribution, signals and notifications (owned by the Falco experience code):
 *
 * ```ts
 * ingest.onAlertsStored(async alerts => { ... });
 * ```
 *
 * - Called once per committed database batch with only the alerts that were NEW in that
 *   batch (redeliveries de-duplicated by the database are left out), as `NewFalcoAlert`s
 *   whose `id` is the row's primary key.
 * - Called after the commit and after the senders were acknowledged; never awaited by
 *   the ack path. A listener that throws or rejects is logged and does not affect other
 *   listeners or the stored alerts. Listeners run one batch at a time per listener, in
 *   commit order.
 * - Alerts that went to the spool while the database was down are reported when the
 *   spool drains into the database, so listeners see every stored alert once per replica
 *   that stored it (which, thanks to de-duplication, is exactly one replica).
 * - Every string in an alert is attacker-controlled text.
 */
export { FalcoIngestService } from './FalcoIngestService';
export type {
  AlertsStoredListener,
  FalcoIngestServiceOptions,
} from './FalcoIngestService';
export { createFalcoIngestRouter } from './router';
export { readFalcoIngestConfig } from './config';
export type { FalcoIngestConfig, FalcoSourceConfig } from './config';
export { isTrustedIngestSource } from './trustedSource';
export { parseFalcoEvent, parseFalcoEventText } from './parseEvent';
