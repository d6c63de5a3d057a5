/**
 * JSON-shaped values as block YAML, for showing policies. Strings that YAML could read
 * as anything else (numbers, booleans, null, flow syntax, comments, …) are emitted as
 * JSON strings, which YAML reads back unchanged.
 */
export function toYaml(value: unknown): string {
  return `${emit(value, 0).replace(/^\n/, '')}\n`;
}

const PLAIN = /^[A-Za-z_/.][A-Za-z0-9_ ./=()!&|'-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  const s = String(value);
  const plain =
    PLAIN.test(s) &&
    !RESERVED.test(s) &&
    !s.endsWith(' ') &&
    !s.includes(': ') &&
    !s.includes(' #');
  return plain ? s : JSON.stringify(s);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value as it follows a key or dash: ` scalar`, ` {}`, or `\n` + an indented block. */
function emit(value: unknown, indent: number): string {
  const pad = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value
      .map(item => {
        const body = emit(item, indent + 1);
        // An object item starts on the dash's line.
        return `\n${pad}-${
          body.startsWith('\n') ? ` ${body.slice(pad.length + 3)}` : body
        }`;
      })
      .join('');
  }
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return ' {}';
    return entries
      .map(([k, v]) => `\n${pad}${scalar(k)}:${emit(v, indent + 1)}`)
      .join('');
  }
  return ` ${scalar(value)}`;
}
