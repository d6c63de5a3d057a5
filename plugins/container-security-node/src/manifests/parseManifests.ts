import { LineCounter, parseAllDocuments, isMap, isSeq, Node } from 'yaml';
import { ManifestParseError } from './ManifestParseError';
import { KubernetesObject, ManifestObject } from './types';

function lineOf(counter: LineCounter, node: Node | null | undefined): number {
  const offset = node?.range?.[0] ?? 0;
  return counter.linePos(offset).line;
}

function asObject(
  value: unknown,
  file: string,
  line: number,
): KubernetesObject {
  const v = value as Partial<KubernetesObject> | null;
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw new ManifestParseError(file, line, 'expected a Kubernetes object');
  }
  if (typeof v.kind !== 'string' || v.kind === '') {
    throw new ManifestParseError(file, line, 'the object has no "kind"');
  }
  const name = (v.metadata as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '') {
    throw new ManifestParseError(
      file,
      line,
      `the ${v.kind} has no "metadata.name"`,
    );
  }
  return v as KubernetesObject;
}

/**
 * Reads every Kubernetes object in a manifest text: multi-document YAML, JSON, and
 * `List` kinds (`v1/List`, `DeploymentList`, …) expanded into their items, as
 * `kubectl`, `helm template` and `kubectl get -o yaml` produce them. Empty documents
 * are skipped; anything else that is not an object throws a `ManifestParseError`.
 *
 * @public
 */
export function parseManifests(text: string, file: string): ManifestObject[] {
  const counter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: counter });
  if (!Array.isArray(documents)) {
    // parseAllDocuments returns an EmptyStream for empty input
    return [];
  }
  const result: ManifestObject[] = [];
  for (const doc of documents) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0].line ?? lineOf(counter, doc.contents);
      throw new ManifestParseError(file, line, error.message.split('\n')[0]);
    }
    if (doc.contents === null) continue;
    const line = lineOf(counter, doc.contents);
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (!isMap(doc.contents)) {
      throw new ManifestParseError(file, line, 'expected a Kubernetes object');
    }
    const itemsNode = doc.contents.get('items', true);
    if (
      typeof value.kind === 'string' &&
      value.kind.endsWith('List') &&
      Array.isArray(value.items)
    ) {
      // A List needs no name of its own; its items do.
      value.items.forEach((item: unknown, i: number) => {
        const itemLine = isSeq(itemsNode)
          ? lineOf(counter, itemsNode.items[i] as Node)
          : line;
        result.push({
          object: asObject(item, file, itemLine),
          file,
          line: itemLine,
        });
      });
    } else {
      result.push({ object: asObject(value, file, line), file, line });
    }
  }
  return result;
}
