// The vulnerabilities area as other features see it.
export type { VulnerabilityService } from './VulnerabilityService';
export { setUpVulnerabilities } from './setUpVulnerabilities';
