/**
 * Container-security views for Backstage: the Security tab, the Overview card, the
 * Security scorecard card and the org-wide Security page.
 *
 * @packageDocumentation
 */

export {
  containerSecurityPlugin,
  ContainerSecurityPage,
  EntityContainerSecurityContent,
  EntityContainerSecurityCard,
  EntityScorecardCard,
  EntityContainerSecurityCostCard,
} from './plugin';
export {
  containerSecurityApiRef,
  type AlertListRequest,
  type ContainerSecurityApi,
  type ResponderActionListRequest,
  type ScorecardFilter,
  type WorkloadListRequest,
} from './api/ContainerSecurityApi';
export { ContainerSecurityClient } from './api/ContainerSecurityClient';
export { isContainerSecurityAvailable } from '@containersec/plugin-container-security-common';
