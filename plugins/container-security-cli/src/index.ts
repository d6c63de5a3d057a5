/**
 * The container-security posture scanner for pipelines.
 *
 * @packageDocumentation
 */

export { run, main } from './main';
export type { Io } from './main';
