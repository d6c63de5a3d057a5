/**
 * The container-security backend plugin.
 *
 * @packageDocumentation
 */

export { containerSecurityPlugin as default } from './plugin';
