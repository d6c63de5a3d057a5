export * from './types';
export * from './normalizeRecord';
export * from './resourceKeys';
export * from './rules';
export * from './readAuditRuleSettings';
