export { NatsFalcoConsumer } from './NatsFalcoConsumer';
export { readFalcoNatsConfig } from './config';
export type { FalcoNatsConfig } from './config';
