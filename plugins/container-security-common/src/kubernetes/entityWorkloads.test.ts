import { Entity } from '@backstage/catalog-model';
import {
  getEntityWorkloadSelector,
  isContainerSecurityAvailable,
  selectsWorkload,
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

  it('gives no selector for a label-selector annotation without requirements', () => {
    const e = entity({
      'backstage.io/kubernetes-id': 'ignored',
      'backstage.io/kubernetes-label-selector': '  ',
    });
    expect(getEntityWorkloadSelector(e)).toBeUndefined();
  });
});

describe('selectsWorkload', () => {
  const selector = {
    requirements: [
      { key: 'app', operator: 'In' as const, values: ['payments'] },
    ],
    namespace: 'payments',
  };

  it('takes a workload in the named namespace whose labels match', () => {
    expect(
      selectsWorkload(selector, {
        namespace: 'payments',
        labels: { app: 'payments', tier: 'api' },
      }),
    ).toBe(true);
  });

  it('refuses the same labels in another namespace, and other labels', () => {
    expect(
      selectsWorkload(selector, {
        namespace: 'shop',
        labels: { app: 'payments' },
      }),
    ).toBe(false);
    expect(
      selectsWorkload(selector, {
        namespace: 'payments',
        labels: { app: 'web' },
      }),
    ).toBe(false);
  });

  it('looks in every namespace when the entity names none', () => {
    expect(
      selectsWorkload(
        { requirements: selector.requirements },
        { namespace: 'shop', labels: { app: 'payments' } },
      ),
    ).toBe(true);
  });

  it('matches nothing with an empty selector', () => {
    expect(
      selectsWorkload({ requirements: [] }, { namespace: 'shop', labels: {} }),
    ).toBe(false);
    expect(
      selectsWorkload(
        { requirements: [], namespace: 'shop' },
        { namespace: 'shop', labels: { app: 'payments' } },
      ),
    ).toBe(false);
  });
});
