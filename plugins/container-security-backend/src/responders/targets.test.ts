import { checkManualTarget } from './targets';
import { EXAMPLE_ACCESS_KEY_ID } from './__fixtures__/secrets';

const workloads = [
  {
    cluster: 'demo',
    namespace: 'payments',
    kind: 'Deployment',
    name: 'payments-api',
  },
];
const REF = 'component:default/payments-api';

describe('checkManualTarget', () => {
  it.each([
    [{ namespace: 'payments', name: 'payments-api' }],
    [
      {
        namespace: 'payments',
        kind: 'Deployment',
        name: 'payments-api',
        cluster: 'demo',
      },
    ],
    [{ namespace: 'payments', pod: 'payments-api-7d9c-abcde' }],
  ])('accepts a workload of the service: %j', target => {
    expect(() => checkManualTarget(target, workloads, REF)).not.toThrow();
  });

  it.each([
    [
      { namespace: 'other', name: 'payments-api' },
      /not a workload of component:default\/payments-api/,
    ],
    [{ namespace: 'payments', name: 'ledger' }, /not a workload/],
    [{ namespace: 'payments', pod: 'ledger-0' }, /not a workload/],
    [
      { namespace: 'payments', kind: 'StatefulSet', name: 'payments-api' },
      /not a workload/,
    ],
    [
      { namespace: 'payments', name: 'payments-api', cluster: 'prod' },
      /not a workload/,
    ],
    [{ name: 'payments-api' }, /needs a namespace/],
    [{ namespace: 'payments' }, /needs a namespace and a workload name or pod/],
    [
      {
        namespace: 'payments',
        name: 'payments-api',
        accessKeyId: EXAMPLE_ACCESS_KEY_ID,
      },
      /cannot be named by hand/,
    ],
  ])('refuses %j', (target, message) => {
    expect(() => checkManualTarget(target, workloads, REF)).toThrow(message);
  });

  it('refuses everything for a service without workloads', () => {
    expect(() =>
      checkManualTarget(
        { namespace: 'payments', name: 'payments-api' },
        [],
        REF,
      ),
    ).toThrow(/not a workload/);
  });
});
