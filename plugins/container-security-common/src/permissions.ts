import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';
import {
  containerSecurityResponderApprovePermission,
  containerSecurityResponderInvokePermission,
} from './api/responders';

/**
 * Read the container-security picture of one catalog entity (workloads, and later
 * findings, alerts, policies, audit events and cost hints).
 *
 * @public
 */
export const containerSecurityEntityReadPermission = createPermission({
  name: 'container-security.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Act on one catalog entity's container-security data: trigger a rescan now, and in
 * later stages acknowledge alerts, manage exemptions and invoke responders.
 *
 * @public
 */
export const containerSecurityEntityActPermission = createPermission({
  name: 'container-security.entity.act',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the org-wide views (every workload, scorecards, unattributed alerts).
 *
 * @public
 */
export const containerSecurityOverviewReadPermission = createPermission({
  name: 'container-security.overview.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the plugin, for registration with the permission framework.
 *
 * @public
 */
export const containerSecurityPermissions = [
  containerSecurityEntityReadPermission,
  containerSecurityEntityActPermission,
  containerSecurityOverviewReadPermission,
  containerSecurityResponderInvokePermission,
  containerSecurityResponderApprovePermission,
];
