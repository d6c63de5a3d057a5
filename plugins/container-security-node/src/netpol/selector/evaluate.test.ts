import { matchesSelector } from './evaluate';
import { parseSelector } from './parse';

const matches = (
  selector: string,
  labels: Record<string, string>,
  context?: { isGlobal?: boolean },
) => matchesSelector(parseSelector(selector), labels, context);

describe('matchesSelector', () => {
  const labels = {
    app: 'web-frontend',
    tier: 'frontend',
    'k8s-app': 'kube-dns',
  };

  it.each([
    ['', true],
    ['all()', true],
    ['has(app)', true],
    ['has(missing)', false],
    ['!has(missing)', true],
    ['app == "web-frontend"', true],
    ['app == "web"', false],
    ['missing == ""', false],
    ['app != "web"', true],
    ['app != "web-frontend"', false],
    ['missing != "x"', true],
    ['tier in {"frontend", "backend"}', true],
    ['tier in {"backend"}', false],
    ['tier in {}', false],
    ['missing in {"x"}', false],
    ['tier not in {"frontend"}', false],
    ['tier not in {"backend"}', true],
    ['missing not in {"x"}', true],
    ['app contains "front"', true],
    ['app contains "back"', false],
    ['missing contains ""', false],
    ['app starts with "web-"', true],
    ['app starts with "front"', false],
    ['missing starts with ""', false],
    ['app ends with "end"', true],
    ['app ends with "web"', false],
    ['missing ends with ""', false],
    ['has(app) && tier == "backend"', false],
    ['has(app) || tier == "backend"', true],
    ['!(has(app) && tier == "frontend")', false],
    ['tier == "x" || tier == "y" && has(app) || k8s-app == "kube-dns"', true],
  ])('%j → %s', (selector, expected) => {
    expect(matches(selector, labels)).toBe(expected);
  });

  it('does not treat inherited object properties as labels', () => {
    expect(matches('has(constructor)', {})).toBe(false);
    expect(matches('toString != "x"', {})).toBe(true);
  });

  describe('global()', () => {
    it('follows the explicit context', () => {
      expect(matches('global()', {}, { isGlobal: true })).toBe(true);
      expect(matches('global()', {}, { isGlobal: false })).toBe(false);
      expect(
        matches(
          'global()',
          { 'projectcalico.org/namespace': 'a' },
          { isGlobal: true },
        ),
      ).toBe(true);
    });

    it('infers a non-namespaced endpoint from the automatic namespace label', () => {
      expect(matches('global()', { role: 'host' })).toBe(true);
      expect(
        matches('global()', { 'projectcalico.org/namespace': 'shop' }),
      ).toBe(false);
      expect(
        matches('!global() && projectcalico.org/namespace == "shop"', {
          'projectcalico.org/namespace': 'shop',
        }),
      ).toBe(true);
    });
  });

  it('evaluates hand-built empty and/or nodes', () => {
    expect(matchesSelector({ type: 'and', operands: [] }, {})).toBe(true);
    expect(matchesSelector({ type: 'or', operands: [] }, {})).toBe(false);
  });
});
