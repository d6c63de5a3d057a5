export * from './types';
export * from './applyPostureRules';
export * from './annotationExemptions';
export * from './customChecks';
export * from './readPostureRules';
