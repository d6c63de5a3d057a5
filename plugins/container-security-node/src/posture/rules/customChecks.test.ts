import { KubernetesObject } from '../../manifests/types';
import { compileCustomChecks } from './customChecks';

const deployment = (
  labels: Record<string, string>,
  image: string,
): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels },
  spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
});

const subject = (object: KubernetesObject) => ({
  object,
  podLabels: {},
  index: { all: () => [object], byKind: () => [], namespace: () => undefined },
});

describe('compileCustomChecks', () => {
  const { checks, errors } = compileCustomChecks([
    {
      id: 'team-label',
      title: 'Workloads carry a team label',
      severity: 'medium',
      kinds: ['Deployment'],
      expression:
        "has(object.metadata.labels.team) && object.metadata.labels.team != ''",
      message: 'no team label',
    },
    {
      id: 'internal-registry',
      title: 'Images come from the internal registry',
      severity: 'high',
      kinds: ['Deployment'],
      expression:
        "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.internal/'))",
    },
    {
      id: 'broken',
      title: 'Broken',
      severity: 'low',
      kinds: ['Deployment'],
      expression: 'object.metadata.name ==',
    },
  ]);

  it('reports an expression that does not compile, with the expression and the error', () => {
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      id: 'broken',
      expression: 'object.metadata.name ==',
    });
    expect(errors[0].error).toMatch(/1:22/);
    expect(checks.map(c => c.definition.id)).toEqual([
      'team-label',
      'internal-registry',
    ]);
  });

  it('passes objects for which the expression is true and fails the others', () => {
    const [teamLabel, registry] = checks;
    expect(
      teamLabel.evaluate(
        subject(deployment({ team: 'shop' }, 'registry.internal/web:1')),
      ),
    ).toEqual([]);
    expect(teamLabel.evaluate(subject(deployment({}, 'x')))).toEqual([
      { message: 'no team label' },
    ]);
    expect(
      registry.evaluate(subject(deployment({}, 'registry.internal/web:1'))),
    ).toEqual([]);
    expect(
      registry.evaluate(subject(deployment({}, 'docker.io/web:1'))),
    ).toEqual([{ message: 'Images come from the internal registry' }]);
  });

  it('treats a run-time error as a violation that says why', () => {
    const [, registry] = checks;
    const noContainers: KubernetesObject = {
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: {},
    };
    const [violation] = registry.evaluate(subject(noContainers));
    expect(violation.message).toMatch(
      /^Images come from the internal registry \(.+\)$/,
    );
  });
});
