export * from './types';
export * from './prices';
export * from './businessHours';
export * from './summarize';
export * from './format';
export * from './hints';
