#!/usr/bin/env node
// Generates the frontend's API client from the backend's OpenAPI spec:
// plugins/container-security-backend/src/schema/openapi.yaml ->
// plugins/container-security/src/api/generated/DefaultApi.client.ts
// With --check it writes nothing and exits 1 when the committed client differs from what
// the spec generates (CI runs it so the two cannot drift).
//
// Why not `backstage-repo-tools package schema openapi generate --client-package`: it runs
// the OpenAPI Generator JAR, which is downloaded from a Java package registry at run time,
// and our machines and CI reach only the npm and Debian registries. This writes the same
// kind of client (one method per operation, `fetchApi` + `discoveryApi`, a typed
// `Response`), for the operations a signed-in user calls. Answer and body types are the
// `-common` types the spec's component schemas describe (same names).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(join(root, 'package.json'));
const YAML = require('js-yaml');
const prettier = require('prettier');

const SPEC = join(
  root,
  'plugins/container-security-backend/src/schema/openapi.yaml',
);
const OUT = join(
  root,
  'plugins/container-security/src/api/generated/DefaultApi.client.ts',
);
const COMMON = '@containersec/plugin-container-security-common';
const PLUGIN_ID = 'container-security';

const spec = YAML.load(readFileSync(SPEC, 'utf8'));
const imports = new Set();

const refName = ref => ref.replace('#/components/schemas/', '');
const resolveRef = (obj, kind) =>
  obj && obj.$ref
    ? spec.components[kind][obj.$ref.replace(`#/components/${kind}/`, '')]
    : obj;

function tsType(schema) {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    imports.add(name);
    return name;
  }
  if (schema.enum) return schema.enum.map(v => JSON.stringify(v)).join(' | ');
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `Array<${tsType(schema.items)}>`;
    case 'string':
      return 'string';
    default:
      throw new Error(`No TypeScript type for ${JSON.stringify(schema)}`);
  }
}

const methods = [];
// Named types for request parts several operations share, so each is written once: the
// text of a type -> its name (the first operation's, or a fixed one).
const namedTypes = new Map([
  ['{ namespace: string; kind: string; name: string }', 'EntityRefPath'],
]);
const typeDeclarations = [];
function nameType(text, name) {
  if (!namedTypes.has(text)) {
    namedTypes.set(text, name);
    typeDeclarations.push(
      `/** The ${name
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase()} parameters. */\nexport type ${name} = ${text};`,
    );
  }
  return namedTypes.get(text);
}
const pascal = id => id[0].toUpperCase() + id.slice(1);

const userOperations = Object.entries(spec.paths).flatMap(([path, item]) =>
  ['get', 'post']
    .filter(method => item[method]?.['x-principals'].includes('user'))
    .map(method => ({ path, method, op: item[method] })),
);
const queryMembers = op =>
  (op.parameters ?? [])
    .map(p => resolveRef(p, 'parameters'))
    .filter(p => p.in === 'query')
    .map(p => `${p.name}?: ${tsType(p.schema)}`);

/**
 * The query type of `op`: another operation's, extended, when that one's parameters
 * are the first of these (the alert list's are the histogram's plus paging).
 */
function queryType(op) {
  const members = queryMembers(op);
  const base = userOperations
    .map(o => ({ id: o.op.operationId, members: queryMembers(o.op) }))
    .filter(
      o =>
        o.members.length >= 4 &&
        o.members.length < members.length &&
        o.members.every((m, i) => m === members[i]),
    )
    .sort((a, b) => b.members.length - a.members.length)[0];
  const own = `{ ${members.join('; ')} }`;
  if (!base) return nameType(own, `${pascal(op.operationId)}Query`);
  const baseName = nameType(
    `{ ${base.members.join('; ')} }`,
    `${pascal(base.id)}Query`,
  );
  const rest = `{ ${members.slice(base.members.length).join('; ')} }`;
  return nameType(`${baseName} & ${rest}`, `${pascal(op.operationId)}Query`);
}

for (const { path, method, op } of userOperations) {
  {
    const params = (op.parameters ?? []).map(p => resolveRef(p, 'parameters'));
    const pathParams = params.filter(p => p.in === 'path');
    const queryParams = params.filter(p => p.in === 'query');
    const body = resolveRef(op.requestBody, 'requestBodies')?.content?.[
      'application/json'
    ]?.schema;
    const takesBody = body && refName(body.$ref) !== 'NoBody';
    const [status, answer] = Object.entries(op.responses).find(([code]) =>
      code.startsWith('2'),
    );
    const answerType = tsType(
      resolveRef(answer, 'responses').content['application/json'].schema,
    );
    const fields = [];
    if (pathParams.length) {
      const text = `{ ${pathParams.map(p => `${p.name}: string`).join('; ')} }`;
      fields.push(`path: ${nameType(text, `${pascal(op.operationId)}Path`)}`);
    }
    if (queryParams.length) fields.push(`query?: ${queryType(op)}`);
    if (takesBody) fields.push(`body: ${tsType(body)}`);
    const arg = fields.length
      ? `request: { ${fields.join('; ')} }${
          fields.every(f => f.startsWith('query?')) ? ' = {}' : ''
        }`
      : '';
    const call = [`'${method.toUpperCase()}'`, `'${path}'`];
    if (fields.length) call.push('request');
    methods.push(`
  /**
   * ${op.summary.replace(/\*\//g, '*\\/')}
   * \`${method.toUpperCase()} ${path}\`, ${status}; needs ${
      op['x-permissions'].join(', ') || 'no permission'
    }.
   */
  async ${op.operationId}(${arg}): Promise<TypedResponse<${answerType}>> {
    return this.call(${call.join(', ')});
  }`);
  }
}

const source = `//
// ******************************************************************
// * THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY. *
// * Regenerate: node scripts/openapi-client.mjs                    *
// ******************************************************************
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  ${[...imports].sort().join(',\n  ')},
} from '${COMMON}';

/** A fetch Response whose \`json()\` resolves to the operation's answer. */
export type TypedResponse<T> = Omit<Response, 'json'> & {
  json: () => Promise<T>;
};

/** \`?a=1&b=2&b=3\` of the defined, non-empty values (lists as repeated keys), or nothing. */
function queryString(query: object = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== '') search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? \`?\${text}\` : '';
}

/** The entity path parameters. */
export type EntityRefPath = { namespace: string; kind: string; name: string };

${typeDeclarations.join('\n\n')}

/** The operations of the ${PLUGIN_ID} backend a signed-in user calls, one method each. */
export class DefaultApiClient {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }
${methods.join('\n')}

  /**
   * Sends one operation: \`template\`'s \`{name}\` segments filled from \`request.path\`
   * (encoded), its query appended, its body as JSON.
   */
  private async call<T>(
    method: 'GET' | 'POST',
    template: string,
    request: { path?: object; query?: object; body?: unknown } = {},
  ): Promise<TypedResponse<T>> {
    const values = (request.path ?? {}) as Record<string, string>;
    const path = template.replace(/\\{(\\w+)\\}/g, (_match, name: string) =>
      encodeURIComponent(values[name]),
    );
    let init: RequestInit | undefined;
    if (request.body !== undefined) {
      init = {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request.body),
      };
    } else if (method !== 'GET') {
      init = { method };
    }
    const baseUrl = await this.discoveryApi.getBaseUrl('${PLUGIN_ID}');
    return this.fetchApi.fetch(
      \`\${baseUrl}\${path}\${queryString(request.query)}\`,
      init,
    );
  }
}
`;

const options = (await prettier.resolveConfig(OUT)) ?? {};
const formatted = prettier.format(source, { ...options, parser: 'typescript' });

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(OUT, 'utf8');
  } catch {
    // missing counts as different
  }
  if (committed !== formatted) {
    console.error(
      `${OUT} does not match the spec: run node scripts/openapi-client.mjs`,
    );
    process.exit(1);
  }
  console.log('The generated API client matches the spec.');
} else {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, formatted);
  console.log(`Wrote ${OUT}`);
}
