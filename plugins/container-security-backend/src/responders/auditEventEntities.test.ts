import { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AWS_ANNOTATIONS,
  getEntityAwsResources,
} from '@containersec/plugin-container-security-common';
import { entityResourceKeys } from '@containersec/plugin-container-security-node';
import { StoredRiskyAuditEvent } from '../audit/AuditIngester';
import { auditEventEntities } from './auditEventEntities';

const ROLE = 'arn:aws:iam::111122223333:role/irsa/payments-api';

function component(name: string, roles?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: roles ? { [AWS_ANNOTATIONS.iamRoles]: roles } : undefined,
    },
    spec: { owner: 'group:default/payments-team' },
  };
}

function stored(
  eventId: string,
  resourceKeys: string[],
): StoredRiskyAuditEvent {
  return { event: { eventId } as any, resourceKeys };
}

describe('auditEventEntities', () => {
  it('finds the service whose annotations name a resource the event touched', async () => {
    const entities = [
      component('payments-api', ROLE),
      component('a-payments-clone', ROLE),
      component('unannotated'),
    ];
    const keys = entityResourceKeys(getEntityAwsResources(entities[0]));
    expect(keys.length).toBeGreaterThan(0);
    const result = await auditEventEntities(
      [
        stored('e1', keys),
        stored('e2', ['iam-role:999:other']),
        stored('e3', []),
      ],
      { catalog: catalogServiceMock({ entities }), auth: mockServices.auth() },
    );
    // Two services share the role: the first by ref is chosen, deterministically.
    expect([...result]).toEqual([['e1', 'component:default/a-payments-clone']]);
  });

  it('does not ask the catalog when no event touched a resource', async () => {
    const catalog = catalogServiceMock.mock();
    const result = await auditEventEntities([stored('e1', [])], {
      catalog,
      auth: mockServices.auth(),
    });
    expect(result.size).toBe(0);
    expect(catalog.getEntities).not.toHaveBeenCalled();
  });
});
