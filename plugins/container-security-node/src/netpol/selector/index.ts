export type { SelectorNode } from './ast';
export { SelectorSyntaxError } from './SelectorSyntaxError';
export { SelectorPrintError } from './SelectorPrintError';
export { MAX_SELECTOR_NESTING, parseSelector } from './parse';
export { matchesSelector } from './evaluate';
export type { SelectorMatchContext } from './evaluate';
export { printSelector } from './print';
