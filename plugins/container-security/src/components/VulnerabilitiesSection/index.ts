export {
  VulnerabilitiesSection,
  VulnerabilitiesView,
  safeHttpUrl,
} from './VulnerabilitiesSection';
