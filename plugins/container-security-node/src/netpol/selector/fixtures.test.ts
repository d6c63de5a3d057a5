import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { matchesSelector } from './evaluate';
import { parseSelector } from './parse';
import { printSelector } from './print';

const calicoFixtures = path.resolve(
  __dirname,
  '../../../../../../shared/fixtures/netpol/calico',
);

const SELECTOR_FIELDS = new Set([
  'selector',
  'namespaceSelector',
  'serviceAccountSelector',
]);

interface FoundSelector {
  file: string;
  path: string;
  selector: string;
}

function collectSelectors(
  value: unknown,
  file: string,
  at: string,
  out: FoundSelector[],
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) =>
      collectSelectors(item, file, `${at}[${i}]`, out),
    );
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${at}.${key}`;
      if (SELECTOR_FIELDS.has(key) && typeof child === 'string') {
        out.push({ file, path: childPath, selector: child });
      } else {
        collectSelectors(child, file, childPath, out);
      }
    }
  }
}

function loadFixtureSelectors(): FoundSelector[] {
  const found: FoundSelector[] = [];
  const files = fs
    .readdirSync(calicoFixtures)
    .filter(f => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  for (const file of files) {
    const text = fs.readFileSync(path.join(calicoFixtures, file), 'utf8');
    parseAllDocuments(text).forEach((doc, i) =>
      collectSelectors(doc.toJS(), file, `[${i}]`, found),
    );
  }
  return found;
}

describe('public Calico fixtures', () => {
  const selectors = loadFixtureSelectors();

  it('contain selectors to check', () => {
    expect(selectors.length).toBeGreaterThanOrEqual(40);
    const texts = selectors.map(s => s.selector);
    expect(texts).toContain('projectcalico.org/name in {"foo", "bar"}');
    expect(texts).toContain('all()');
    expect(texts).toContain("role == 'database'");
    expect(
      texts.some(t => t.startsWith('kubernetes.io/metadata.name not in {')),
    ).toBe(true);
  });

  it('every selector, namespaceSelector and serviceAccountSelector parses and round-trips', () => {
    for (const { file, path: at, selector } of selectors) {
      let ast;
      try {
        ast = parseSelector(selector);
      } catch (e) {
        throw new Error(`${file} ${at}: ${(e as Error).message}`);
      }
      const printed = printSelector(ast);
      expect(printSelector(parseSelector(printed))).toBe(printed);
    }
  });

  it('evaluates fixture selectors as documented', () => {
    const ns = parseSelector(
      'kubernetes.io/metadata.name not in {"calico-system", "kube-public", "kube-system", "tigera-operator"}',
    );
    expect(
      matchesSelector(ns, { 'kubernetes.io/metadata.name': 'kube-system' }),
    ).toBe(false);
    expect(matchesSelector(ns, { 'kubernetes.io/metadata.name': 'shop' })).toBe(
      true,
    );
    const sel = parseSelector(
      'projectcalico.org/namespace in {"foo", "bar"} && color == "red"',
    );
    expect(
      matchesSelector(sel, {
        'projectcalico.org/namespace': 'foo',
        color: 'red',
      }),
    ).toBe(true);
    expect(
      matchesSelector(sel, {
        'projectcalico.org/namespace': 'baz',
        color: 'red',
      }),
    ).toBe(false);
  });
});
