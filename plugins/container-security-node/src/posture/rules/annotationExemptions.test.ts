import { exemptionsFromAnnotations } from './annotationExemptions';

describe('exemptionsFromAnnotations', () => {
  it('reads exemptions scoped to the annotated workload and container', () => {
    const { exemptions, invalid } = exemptionsFromAnnotations([
      {
        kind: 'Deployment',
        metadata: {
          name: 'checkout-web',
          namespace: 'storefront',
          annotations: {
            'exempt.container-security.io/run-as-root':
              'reason=nginx master binds :80; owner=group:default/storefront-team; expires=2027-01-31; container=web',
            'unrelated.io/x': 'y',
          },
        },
      },
    ]);
    expect(invalid).toEqual([]);
    expect(exemptions).toEqual([
      {
        check: 'run-as-root',
        namespace: 'storefront',
        kind: 'Deployment',
        name: 'checkout-web',
        container: 'web',
        reason: 'nginx master binds :80',
        owner: 'group:default/storefront-team',
        expires: '2027-01-31',
        origin: 'annotation',
      },
    ]);
  });

  it('refuses exemptions without a reason or an owner, or with a bad date', () => {
    const { exemptions, invalid } = exemptionsFromAnnotations([
      {
        kind: 'Pod',
        metadata: {
          name: 'p',
          annotations: {
            'exempt.container-security.io/a': 'owner=group:default/x',
            'exempt.container-security.io/b': 'reason=because',
            'exempt.container-security.io/c':
              'reason=r; owner=o; expires=next week',
          },
        },
      },
    ]);
    expect(exemptions).toEqual([]);
    expect(invalid.map(i => i.problem)).toEqual([
      'missing reason=',
      'missing owner=',
      'expires=next week is not a YYYY-MM-DD date',
    ]);
  });
});
