import { parseManifests } from '@containersec/plugin-container-security-node';
import { toYaml } from './toYaml';

describe('toYaml', () => {
  it('renders a policy readably and reads back to the same value', () => {
    const policy = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-tcp-6379', namespace: 'production' },
      spec: {
        selector: "role == 'database'",
        types: ['Ingress', 'Egress'],
        order: 100,
        ingress: [
          {
            action: 'Allow',
            protocol: 'TCP',
            source: { selector: "role == 'frontend'", nets: ['10.0.0.0/8'] },
            destination: { ports: [6379, '8000:8100', 'http'] },
          },
        ],
        egress: [{ action: 'Allow' }],
        empty: {},
        none: [],
        tricky: ['true', '123', 'a: b', '#x', '', ' lead', 'null', '{x}'],
        nothing: null,
        flag: false,
      },
    };
    const yaml = toYaml(policy);
    expect(yaml).toContain('kind: NetworkPolicy\n');
    expect(yaml).toContain("  selector: role == 'database'\n");
    expect(yaml).toContain('  ingress:\n    - action: Allow\n');
    const [read] = parseManifests(yaml, 'policy.yaml');
    expect(read.object).toEqual(policy);
  });

  it('renders nested lists of lists', () => {
    const value = {
      kind: 'X',
      metadata: { name: 'x' },
      matrix: [[1, 2], [], [{ a: 'b' }]],
    };
    const [read] = parseManifests(toYaml(value), 'x.yaml');
    expect(read.object).toEqual(value);
  });
});
