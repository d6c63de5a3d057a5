import fs from 'fs';
import path from 'path';
import { parseManifests } from './parseManifests';
import { ManifestParseError } from './ManifestParseError';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');

describe('parseManifests', () => {
  it('reads every document of a public multi-document policy file, with its line', () => {
    const file = path.join(
      fixtures,
      'netpol/calico/calico-network-policy-getting-started.yaml',
    );
    const objects = parseManifests(fs.readFileSync(file, 'utf8'), file);
    expect(objects).toHaveLength(10);
    expect(objects.every(o => o.file === file)).toBe(true);
    expect(objects[0].line).toBe(1);
    const lines = objects.map(o => o.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(new Set(lines).size).toBe(10);
  });

  it('keeps a key with no value (podSelector.matchLabels: null) as null', () => {
    const file = path.join(
      fixtures,
      'netpol/k8s/04-deny-traffic-from-other-namespaces.yaml',
    );
    const [policy] = parseManifests(fs.readFileSync(file, 'utf8'), file);
    expect(policy.object.kind).toBe('NetworkPolicy');
    expect((policy.object.spec as any).podSelector).toEqual({
      matchLabels: null,
    });
  });

  it('expands List kinds and reads JSON', () => {
    const list = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { kind: 'Service', metadata: { name: 'a' } },
          { kind: 'Deployment', metadata: { name: 'b', namespace: 'x' } },
        ],
      },
      null,
      2,
    );
    const objects = parseManifests(list, 'list.json');
    expect(
      objects.map(o => `${o.object.kind}/${o.object.metadata.name}`),
    ).toEqual(['Service/a', 'Deployment/b']);
    expect(objects[1].line).toBeGreaterThan(objects[0].line);
  });

  it('skips empty documents such as helm template leaves between separators', () => {
    const text =
      '---\n# Source: chart/templates/empty.yaml\n---\nkind: ConfigMap\nmetadata:\n  name: c\n---\n';
    const objects = parseManifests(text, 'rendered.yaml');
    expect(objects).toHaveLength(1);
    expect(objects[0].line).toBe(4);
  });

  it('names the file and line of broken YAML', () => {
    const text =
      'kind: Pod\nmetadata:\n  name: ok\n---\nkind: Pod\nmetadata: [unclosed\n';
    let error: unknown;
    try {
      parseManifests(text, 'bad.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestParseError);
    // The unclosed flow sequence opened on line 6 is detected where input ends, line 7.
    expect(error).toMatchObject({ file: 'bad.yaml', line: 7 });
  });

  it('rejects documents that are not Kubernetes objects', () => {
    expect(() => parseManifests('- a\n- b\n', 'seq.yaml')).toThrow(
      'seq.yaml:1: expected a Kubernetes object',
    );
    expect(() =>
      parseManifests('metadata:\n  name: x\n', 'nokind.yaml'),
    ).toThrow('nokind.yaml:1: the object has no "kind"');
    expect(() =>
      parseManifests('kind: Pod\nmetadata: {}\n', 'noname.yaml'),
    ).toThrow('the Pod has no "metadata.name"');
  });
});
