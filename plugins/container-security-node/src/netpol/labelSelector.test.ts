import { KubernetesObject } from '../manifests/types';
import { FieldProblem, labelSelectorToNode } from './labelSelector';
import { buildNetpolModel } from './model';
import { NetpolObjectError } from './types';

/*
 * Label keys in a Kubernetes LabelSelector must be qualified names, as the API server
 * validates them (apimachinery validation.IsQualifiedName): an optional DNS-1123
 * subdomain prefix of at most 253 characters and a slash, then a name of at most 63
 * alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric.
 */
describe('label keys in Kubernetes label selectors', () => {
  const VALID: Array<[string, string]> = [
    ['app', 'a name'],
    ['a', 'one character'],
    ['app.kubernetes.io/name', 'a prefixed name'],
    ['kubernetes.io/metadata.name', 'the namespace name label'],
    ['example.com/My_Key-1.2', "upper case, '_', '-' and '.' in the name"],
    [`${'a'.repeat(63)}`, 'a name of 63 characters'],
    [`${'p'.repeat(253)}/k`, 'a prefix of 253 characters'],
  ];
  const rows = (list: Array<[string, string]>) =>
    list.map(([key, what]) => ({ key, what }));
  const INVALID: Array<[string, string]> = [
    ['', 'empty'],
    ['-app', 'leading dash'],
    ['app-', 'trailing dash'],
    ['app key', 'space'],
    ['app:key', 'colon'],
    ['a/b/c', 'two slashes'],
    ['/app', 'empty prefix'],
    ['example.com/', 'empty name'],
    ['Example.com/app', 'upper-case prefix'],
    ['exa_mple.com/app', 'underscore in the prefix'],
    [`${'a'.repeat(64)}`, 'name of 64 characters'],
    [`${'p'.repeat(254)}/k`, 'prefix of 254 characters'],
    ['app=web', 'an equals sign'],
    ["app'||has(x)", 'selector syntax'],
  ];

  it.each(rows(VALID))(
    'accepts $what in matchLabels and matchExpressions',
    ({ key }) => {
      expect(() =>
        labelSelectorToNode(
          { matchLabels: { [key]: 'v' } },
          'spec.podSelector',
        ),
      ).not.toThrow();
      expect(() =>
        labelSelectorToNode(
          { matchExpressions: [{ key, operator: 'Exists' }] },
          'spec.podSelector',
        ),
      ).not.toThrow();
    },
  );

  it.each(rows(INVALID))(
    'rejects $what in matchLabels, naming the key',
    ({ key }) => {
      let thrown: unknown;
      try {
        labelSelectorToNode(
          { matchLabels: { [key]: 'v' } },
          'spec.podSelector',
        );
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(FieldProblem);
      expect((thrown as FieldProblem).field).toBe(
        `spec.podSelector.matchLabels.${key}`,
      );
      expect((thrown as FieldProblem).problem).toContain(
        `${JSON.stringify(key)} is not a valid label key`,
      );
    },
  );

  it.each(rows(INVALID.filter(([key]) => key !== '')))(
    'rejects $what in matchExpressions',
    ({ key }) => {
      expect(() =>
        labelSelectorToNode(
          { matchExpressions: [{ key, operator: 'In', values: ['v'] }] },
          'spec.podSelector',
        ),
      ).toThrow(
        expect.objectContaining({
          field: 'spec.podSelector.matchExpressions[0].key',
          problem: expect.stringContaining('is not a valid label key'),
        }),
      );
    },
  );

  it('names the object and field when a NetworkPolicy or an AdminNetworkPolicy uses one', () => {
    const objects: KubernetesObject[] = [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          podSelector: {},
          ingress: [
            { from: [{ podSelector: { matchLabels: { 'a b': 'x' } } }] },
          ],
        },
      },
    ];
    expect(() => buildNetpolModel(objects)).toThrow(NetpolObjectError);
    expect(() => buildNetpolModel(objects)).toThrow(
      'NetworkPolicy shop/web: spec.ingress[0].from[0].podSelector.matchLabels.a b: "a b" is not a valid label key',
    );
    const anp: KubernetesObject = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'guard' },
      spec: {
        priority: 10,
        subject: {
          namespaces: {
            matchExpressions: [{ key: 'tier/', operator: 'Exists' }],
          },
        },
      },
    };
    expect(() => buildNetpolModel([anp])).toThrow(
      /^AdminNetworkPolicy guard: spec\.subject\.namespaces\.matchExpressions\[0\]\.key: "tier\/" is not a valid label key/,
    );
  });
});
