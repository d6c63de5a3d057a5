// The vulnerabilities area as other features see it.
export { setUpVulnerabilities } from './setUpVulnerabilities';
