import {
  LabelSelectorSyntaxError,
  matchesLabelRequirements,
  parseLabelSelector,
} from './labelSelector';

describe('parseLabelSelector', () => {
  it('parses equality, set and existence requirements', () => {
    expect(
      parseLabelSelector(
        'app=payments, tier==backend,env!=dev,zone in (a, b),stage notin (x),canary,!legacy',
      ),
    ).toEqual([
      { key: 'app', operator: 'In', values: ['payments'] },
      { key: 'tier', operator: 'In', values: ['backend'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'zone', operator: 'In', values: ['a', 'b'] },
      { key: 'stage', operator: 'NotIn', values: ['x'] },
      { key: 'canary', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
    ]);
  });

  it('accepts prefixed keys and an empty selector', () => {
    expect(parseLabelSelector('app.kubernetes.io/name=web')).toEqual([
      { key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] },
    ]);
    expect(parseLabelSelector('  ')).toEqual([]);
  });

  it('names the position of a malformed requirement', () => {
    expect(() => parseLabelSelector('app=web,,tier=db')).toThrow(
      LabelSelectorSyntaxError,
    );
    expect(() => parseLabelSelector('app=web, tier=b@d')).toThrow(
      /at position 9: "b@d" is not a valid label value/,
    );
  });
});

describe('matchesLabelRequirements', () => {
  const labels = { app: 'payments', tier: 'backend' };

  it('applies Kubernetes semantics to each operator', () => {
    const match = (s: string) =>
      matchesLabelRequirements(labels, parseLabelSelector(s));
    expect(match('app=payments')).toBe(true);
    expect(match('app=orders')).toBe(false);
    expect(match('env!=prod')).toBe(true); // a missing key satisfies !=
    expect(match('tier notin (backend)')).toBe(false);
    expect(match('tier in (frontend,backend)')).toBe(true);
    expect(match('tier')).toBe(true);
    expect(match('!tier')).toBe(false);
    expect(match('app=payments,tier=frontend')).toBe(false);
  });

  it('treats missing labels as an empty set', () => {
    expect(matchesLabelRequirements(undefined, [])).toBe(true);
    expect(
      matchesLabelRequirements(undefined, [{ key: 'a', operator: 'Exists' }]),
    ).toBe(false);
  });
});
