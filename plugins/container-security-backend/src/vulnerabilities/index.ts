export { TrivyReportVulnerabilitySource } from './TrivyReportVulnerabilitySource';
export {
  InspectorVulnerabilitySource,
  type Inspector2ClientFactory,
} from './InspectorVulnerabilitySource';
