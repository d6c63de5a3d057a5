import { Entity } from '@backstage/catalog-model';
import {
  getEntityWorkloadSelector,
  isContainerSecurityAvailable,
} from './entityWorkloads';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations },
});

describe('entity workload selectors', () => {
  it('uses the kubernetes-id annotation as a label match', () => {
    const e = entity({ 'backstage.io/kubernetes-id': 'payments-api' });
    expect(isContainerSecurityAvailable(e)).toBe(true);
    expect(getEntityWorkloadSelector(e)).toEqual({
      requirements: [
        {
          key: 'backstage.io/kubernetes-id',
          operator: 'In',
          values: ['payments-api'],
        },
      ],
      namespace: undefined,
    });
  });

  it('prefers the label-selector annotation and honours the namespace annotation', () => {
    const e = entity({
      'backstage.io/kubernetes-id': 'ignored',
      'backstage.io/kubernetes-label-selector': 'app=payments',
      'backstage.io/kubernetes-namespace': 'payments',
    });
    expect(getEntityWorkloadSelector(e)).toEqual({
      requirements: [{ key: 'app', operator: 'In', values: ['payments'] }],
      namespace: 'payments',
    });
  });

  it('reports entities without Kubernetes annotations as unavailable', () => {
    const e = entity({ 'backstage.io/kubernetes-namespace': 'payments' });
    expect(isContainerSecurityAvailable(e)).toBe(false);
    expect(getEntityWorkloadSelector(e)).toBeUndefined();
  });
});
