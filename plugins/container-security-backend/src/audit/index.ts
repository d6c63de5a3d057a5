// The audit area as other features see it.
export type { StoredRiskyAuditEvent } from './AuditIngester';
export { entitiesByAwsResourceKey } from './entitiesByAwsResourceKey';
export { setUpAudit } from './setUpAudit';
