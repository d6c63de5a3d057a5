import { PermissionApi } from '@backstage/plugin-permission-react';
import { ResponderAction } from '@containersec/plugin-container-security-common';

/** One responder action, with overridable fields. */
export const responderAction = (
  id: string,
  overrides: Partial<ResponderAction> = {},
): ResponderAction => ({
  id,
  ruleName: 'Quarantine on shell',
  actionName: 'quarantine',
  actionner: 'aws:lambda',
  functionName: 'quarantine-pod',
  qualifier: '$LATEST',
  invocationType: 'RequestResponse',
  mode: 'approval',
  status: 'pending-approval',
  entityRef: 'component:default/payments-api',
  target: {
    cluster: 'demo-eks',
    namespace: 'payments',
    kind: 'Deployment',
    name: 'payments-api',
    pod: 'payments-api-6d8f9c7b5-x7k2p',
  },
  trigger: {
    kind: 'falco-alert',
    id: 'alert-1',
    summary: 'Terminal shell in container: A shell was spawned',
    severity: 'Critical',
  },
  requestedBy: 'rule:Quarantine on shell',
  payload: { pod: 'payments-api-6d8f9c7b5-x7k2p', namespace: 'payments' },
  expiresAt: '2099-01-01T00:00:00.000Z',
  createdAt: '2026-12-07T01:00:00.000Z',
  updatedAt: '2026-12-07T01:00:00.000Z',
  ...overrides,
});

/**
 * A permission API that allows what `allow(permission name, resource ref)` says and
 * records every question.
 */
export function fakePermissions(
  allow: (name: string, resourceRef?: string) => boolean,
) {
  const asked: Array<{ name: string; resourceRef?: string }> = [];
  const api = {
    async authorize(request: {
      permission: { name: string };
      resourceRef?: string;
    }) {
      asked.push({
        name: request.permission.name,
        resourceRef: request.resourceRef,
      });
      return {
        result: allow(request.permission.name, request.resourceRef)
          ? 'ALLOW'
          : 'DENY',
      };
    },
  } as unknown as PermissionApi;
  return { api, asked };
}
