// The Falco area as other features see it.
export type { NewFalcoAlert } from './FalcoAlertStore';
export type { AttributedAlert } from './attribution/FalcoAttributionService';
export { isTrustedIngestSource, readFalcoIngestConfig } from './ingest';
export { setUpFalco } from './setUpFalco';
export type { FalcoFeature } from './setUpFalco';
