import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  parseAllDocuments,
  YAMLMap,
} from 'yaml';
import { TalonRulesProblem } from './types';

/**
 * Reads one rules file's YAML and reports problems at the line of the node they are
 * about. Every reader returns undefined after reporting, so callers just skip.
 */
export class YamlReader {
  private readonly lineCounter = new LineCounter();
  readonly root: Node | undefined;
  private readonly doc: Document | undefined;

  constructor(
    readonly file: string,
    content: string,
    private readonly problems: TalonRulesProblem[],
  ) {
    const docs = parseAllDocuments(content, {
      lineCounter: this.lineCounter,
      prettyErrors: false,
    });
    const list = Array.isArray(docs) ? docs : [];
    for (const d of list) {
      for (const e of d.errors) {
        this.problemAt(e.pos[0], `YAML: ${e.message.split('\n')[0]}`);
      }
    }
    if (list.length > 1) {
      this.problemAt(
        list[1].range[0],
        'a rules file holds one YAML document (a list of - action: and - rule: blocks)',
      );
    }
    if (list.some(d => d.errors.length > 0)) return;
    this.doc = list[0];
    this.root = (this.doc?.contents ?? undefined) as Node | undefined;
  }

  get hasErrors(): boolean {
    return this.problems.some(p => p.file === this.file);
  }

  line(node: Node | undefined): number {
    const offset = node?.range?.[0] ?? 0;
    return this.lineCounter.linePos(offset).line;
  }

  where(node: Node | undefined): string {
    return `${this.file}:${this.line(node)}`;
  }

  problem(node: Node | undefined, message: string): undefined {
    this.problems.push({ file: this.file, line: this.line(node), message });
    return undefined;
  }

  private problemAt(offset: number, message: string) {
    this.problems.push({
      file: this.file,
      line: this.lineCounter.linePos(offset).line,
      message,
    });
  }

  /** A mapping's entries by key, or undefined (reported) when it is not a mapping. */
  map(node: Node | undefined, what: string): Map<string, MapEntry> | undefined {
    if (isAlias(node))
      return this.problem(node, `${what}: YAML aliases are not supported here`);
    if (!isMap(node)) return this.problem(node, `${what} must be a mapping`);
    const entries = new Map<string, MapEntry>();
    for (const pair of (node as YAMLMap<Node, Node>).items) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.problem(key ?? node, `${what}: keys must be strings`);
        continue;
      }
      entries.set(key.value, {
        key,
        value: (pair.value ?? undefined) as Node | undefined,
      });
    }
    return entries;
  }

  /** Reports keys outside `allowed`; `rejected` explains keys known to Talon but not supported. */
  checkKeys(
    entries: Map<string, MapEntry>,
    what: string,
    allowed: readonly string[],
    rejected: Readonly<Record<string, string>> = {},
  ) {
    for (const [name, { key }] of entries) {
      if (allowed.includes(name)) continue;
      if (Object.prototype.hasOwnProperty.call(rejected, name)) {
        this.problem(
          key,
          `${what}: '${name}' is not supported: ${rejected[name]}`,
        );
      } else {
        this.problem(
          key,
          `${what}: unknown key '${name}' (expected ${allowed.join(', ')})`,
        );
      }
    }
  }

  /** A non-empty string scalar. */
  string(
    node: Node | undefined,
    what: string,
    allowEmpty = false,
  ): string | undefined {
    if (isScalar(node) && typeof node.value === 'string') {
      if (!allowEmpty && node.value.trim() === '') {
        return this.problem(node, `${what} must not be empty`);
      }
      return node.value;
    }
    return this.problem(
      node,
      `${what} must be a string, not ${describe(node)}`,
    );
  }

  /** A boolean: YAML `true`/`false`, or Talon's string forms `"true"`/`"false"`. */
  boolean(node: Node | undefined, what: string): boolean | undefined {
    if (isScalar(node)) {
      if (typeof node.value === 'boolean') return node.value;
      if (node.value === 'true') return true;
      if (node.value === 'false') return false;
    }
    return this.problem(
      node,
      `${what} must be true or false, not ${describe(node)}`,
    );
  }

  /** A list of strings. */
  strings(
    node: Node | undefined,
    what: string,
  ): Array<{ value: string; node: Node }> | undefined {
    if (!isSeq(node))
      return this.problem(
        node,
        `${what} must be a list of strings, not ${describe(node)}`,
      );
    const out: Array<{ value: string; node: Node }> = [];
    for (const item of node.items as Node[]) {
      const value = this.string(item, `${what} item`);
      if (value !== undefined) out.push({ value, node: item });
    }
    return out;
  }

  /** Plain data (parameters), aliases resolved. */
  data(node: Node | undefined): unknown {
    return node === undefined ? null : node.toJS(this.doc!);
  }
}

/** One entry of a mapping. */
export interface MapEntry {
  key: Node;
  value: Node | undefined;
}

function describe(node: Node | undefined): string {
  if (node === undefined || node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'null';
    return `${typeof node.value} ${JSON.stringify(node.value)}`;
  }
  return 'an alias';
}
