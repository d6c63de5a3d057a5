export * from './ImageVulnerabilitySource';
export * from './summarizeVulnerabilities';
