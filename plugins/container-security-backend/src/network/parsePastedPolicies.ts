import { InputError } from '@backstage/errors';
import {
  apiGroupOf,
  CALICO_API_GROUPS,
  KubernetesObject,
  ManifestParseError,
  parseManifests,
} from '@containersec/plugin-container-security-node';
import { PayloadTooLargeError } from '../http/httpErrors';

/** At most this many objects in one what-if. */
export const MAX_PASTED_OBJECTS = 50;

/**
 * At most this many YAML documents (`---` separated, empty ones included): counted
 * before parsing, since each document costs the parser far more than its few bytes.
 */
export const MAX_PASTED_DOCUMENTS = 100;

// A document start or end marker: at the start of a line, followed by a blank or the end.
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** How deeply `[` and `{` may nest in pasted text (quoted ones count too). */
export const MAX_PASTED_NESTING = 64;

// The YAML parser takes seconds of main thread on flow collections nested thousands
// deep; one linear scan refuses them first. Brackets inside quoted strings are counted
// as well, which only errs on the side of refusing text no policy looks like.
function tooDeep(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > MAX_PASTED_NESTING) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth -= 1;
  }
  return false;
}

function tooManyDocuments(text: string): boolean {
  let markers = 0;
  DOCUMENT_MARKER.lastIndex = 0;
  while (DOCUMENT_MARKER.exec(text)) {
    markers += 1;
    if (markers > MAX_PASTED_DOCUMENTS) return true;
  }
  return false;
}

const CALICO_KINDS = new Set([
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'StagedNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'StagedKubernetesNetworkPolicy',
  'NetworkSet',
  'GlobalNetworkSet',
]);
const GLOBAL_KINDS = new Set([
  'GlobalNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'GlobalNetworkSet',
]);

function isPolicyKind(object: KubernetesObject): boolean {
  const group = apiGroupOf(object);
  if (group === 'networking.k8s.io') return object.kind === 'NetworkPolicy';
  if (CALICO_API_GROUPS.includes(group)) {
    return CALICO_KINDS.has(object.kind);
  }
  return false;
}

/**
 * The policies of a what-if, from pasted YAML or JSON (several documents or a List
 * allowed). Namespaced kinds without a namespace take the service's, as `kubectl apply`
 * takes the current one. Anything else is an InputError naming the line and problem.
 */
export function parsePastedPolicies(
  text: string,
  defaultNamespace: string,
): KubernetesObject[] {
  if (tooManyDocuments(text)) {
    throw new PayloadTooLargeError(
      `Invalid policy: more than ${MAX_PASTED_DOCUMENTS} YAML documents (--- or ... markers); at most ${MAX_PASTED_OBJECTS} objects are previewed at once`,
    );
  }
  if (tooDeep(text)) {
    throw new InputError(
      `Invalid policy: brackets nested deeper than ${MAX_PASTED_NESTING} levels`,
    );
  }
  let parsed;
  try {
    parsed = parseManifests(text, 'policy');
  } catch (e) {
    if (e instanceof ManifestParseError) {
      throw new InputError(`Invalid policy: line ${e.line}: ${e.problem}`);
    }
    // Everything else the YAML parser throws is about the text too: the alias cap
    // ("Excessive alias count …"), or nesting too deep for the parser's stack.
    if (e instanceof RangeError) {
      throw new InputError('Invalid policy: nested too deeply to parse');
    }
    throw new InputError(
      `Invalid policy: ${String((e as Error)?.message ?? e).slice(0, 200)}`,
    );
  }
  if (parsed.length === 0) {
    throw new InputError('Invalid policy: the text holds no object');
  }
  if (parsed.length > MAX_PASTED_OBJECTS) {
    throw new InputError(
      `Invalid policy: ${parsed.length} objects; at most ${MAX_PASTED_OBJECTS} are previewed at once`,
    );
  }
  return parsed.map(({ object, line }) => {
    if (!isPolicyKind(object)) {
      throw new InputError(
        `Invalid policy: line ${line}: ${
          object.apiVersion ?? '(no apiVersion)'
        } ${object.kind} ${
          object.metadata.name
        } is not a network policy (expected networking.k8s.io/v1 NetworkPolicy, or a Calico NetworkPolicy, GlobalNetworkPolicy, staged policy, NetworkSet or GlobalNetworkSet)`,
      );
    }
    if (GLOBAL_KINDS.has(object.kind) || object.metadata.namespace) {
      return object;
    }
    return {
      ...object,
      metadata: { ...object.metadata, namespace: defaultNamespace },
    };
  });
}
