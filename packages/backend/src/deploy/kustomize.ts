import fs from 'fs';
import path from 'path';
import { parseAllDocuments, parse } from 'yaml';

/** A rendered Kubernetes object, as plain data. */
export type RenderedObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

interface PatchEntry {
  path: string;
  target: { kind?: string; name?: string };
}

interface KustomizationFile {
  kind?: string;
  resources?: string[];
  components?: string[];
  patches?: PatchEntry[];
  [key: string]: unknown;
}

const SUPPORTED_KEYS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'components',
  'patches',
]);

/** `/a/b~1c/-` → ['a', 'b/c', '-'] (RFC 6901). */
function pointer(p: string): string[] {
  if (!p.startsWith('/')) throw new Error(`bad JSON pointer ${p}`);
  return p
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies RFC 6902 `add`, `replace` and `remove` operations in place. */
export function applyJsonPatch(
  target: Record<string, unknown>,
  operations: JsonPatchOperation[],
): void {
  for (const op of operations) {
    const keys = pointer(op.path);
    const last = keys.pop()!;
    let parent: any = target;
    for (const key of keys) {
      parent = Array.isArray(parent) ? parent[Number(key)] : parent?.[key];
      if (
        parent === undefined ||
        parent === null ||
        typeof parent !== 'object'
      ) {
        throw new Error(`JSON patch ${op.op} ${op.path}: path does not exist`);
      }
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > parent.length) {
        throw new Error(`JSON patch ${op.op} ${op.path}: bad index`);
      }
      if (op.op === 'add') parent.splice(index, 0, op.value);
      else if (index >= parent.length) {
        throw new Error(`JSON patch ${op.op} ${op.path}: no such element`);
      } else if (op.op === 'replace') parent[index] = op.value;
      else parent.splice(index, 1);
    } else {
      if (op.op !== 'add' && !(last in parent)) {
        throw new Error(`JSON patch ${op.op} ${op.path}: no such member`);
      }
      if (op.op === 'remove') delete parent[last];
      else parent[last] = op.value;
    }
  }
}

function readObjects(file: string): RenderedObject[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJS())
    .filter(o => o !== null && o !== undefined);
}

/** Kustomize's target matching: kind and name are anchored regular expressions. */
function matches(
  o: RenderedObject,
  target: { kind?: string; name?: string },
): boolean {
  const test = (pattern: string | undefined, value: string) =>
    pattern === undefined || new RegExp(`^(?:${pattern})$`).test(value);
  return test(target.kind, o.kind) && test(target.name, o.metadata.name);
}

/**
 * Renders a kustomization directory the way `kubectl kustomize` does, for the subset of
 * Kustomize the project's manifests use: `resources` (files and directories),
 * `components`, and `patches` whose file holds JSON 6902 operations with a `target` of
 * kind and name (both regular expressions). Any other key fails the render, so the
 * manifests cannot drift into features this renderer would silently ignore.
 */
export function renderKustomization(dir: string): RenderedObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const k = parse(fs.readFileSync(file, 'utf8')) as KustomizationFile;
  for (const key of Object.keys(k)) {
    if (!SUPPORTED_KEYS.has(key)) {
      throw new Error(`${file}: '${key}' is not supported by this renderer`);
    }
  }
  const objects: RenderedObject[] = [];
  for (const resource of k.resources ?? []) {
    const p = path.join(dir, resource);
    objects.push(
      ...(fs.statSync(p).isDirectory()
        ? renderKustomization(p)
        : readObjects(p)),
    );
  }
  const patches: PatchEntry[] = [...(k.patches ?? [])].map(patch => ({
    ...patch,
    path: path.join(dir, patch.path),
  }));
  for (const component of k.components ?? []) {
    const componentDir = path.join(dir, component);
    const c = parse(
      fs.readFileSync(path.join(componentDir, 'kustomization.yaml'), 'utf8'),
    ) as KustomizationFile;
    if (c.kind !== 'Component') {
      throw new Error(`${componentDir}: not a kind: Component`);
    }
    for (const resource of c.resources ?? []) {
      objects.push(...readObjects(path.join(componentDir, resource)));
    }
    for (const patch of c.patches ?? []) {
      patches.push({ ...patch, path: path.join(componentDir, patch.path) });
    }
  }
  for (const patch of patches) {
    const operations = parse(fs.readFileSync(patch.path, 'utf8'));
    if (!Array.isArray(operations)) {
      throw new Error(`${patch.path}: only JSON 6902 patches are supported`);
    }
    const targets = objects.filter(o => matches(o, patch.target));
    if (targets.length === 0) {
      throw new Error(`${patch.path}: the target matches no resource`);
    }
    for (const target of targets) applyJsonPatch(target, operations);
  }
  const ids = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (ids.has(id)) throw new Error(`${dir}: ${id} is defined twice`);
    ids.add(id);
  }
  return objects;
}
