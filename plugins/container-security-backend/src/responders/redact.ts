/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

// Each pattern finds a secret in free text; the capture group 1 (when present) is kept.
const TEXT_PATTERNS: RegExp[] = [
  // PEM private keys, whole block.
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  // AWS access key ids (long-term AKIA, temporary ASIA, and the other documented prefixes).
  /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b/g,
  // `Authorization: Bearer …` and bare bearer tokens.
  /(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  // JSON Web Tokens.
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  // GitHub, Slack and similar prefixed tokens.
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9-]{10,})\b/g,
  // key=value and key: value where the key says secret (password=…, aws_secret_access_key: …).
  /((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?access[_-]?key|session[_-]?token|private[_-]?key|credentials?|client[_-]?secret)["']?\s*[:=]\s*["']?)[^\s"',;&})\]]+/gi,
  // Credentials in URLs: scheme://user:password@host.
  /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+(?=@)/gi,
];

// Object keys whose values are secrets, whatever they look like.
const SECRET_KEY =
  /^(?:password|passwd|pwd|secret|token|.*[_-]?secret|.*[_-]?token|.*password|api[_-]?key|secret[_-]?access[_-]?key|secretaccesskey|sessiontoken|private[_-]?key|privatekey|authorization|cookie|set-cookie|credentials?)$/i;

/** Redacts anything in a text that looks like a secret. */
export function redactText(text: string): string {
  let out = text;
  for (const pattern of TEXT_PATTERNS) {
    out = out.replace(pattern, (match, keep?: unknown) =>
      typeof keep === 'string' && match.startsWith(keep)
        ? `${keep}${REDACTED}`
        : REDACTED,
    );
  }
  return out;
}

/**
 * The one redaction the responders use, for payloads sent, payloads returned and log
 * tails: strings are scanned for secrets, values under secret-sounding keys are replaced
 * whole. Returns a copy; the input is not changed.
 */
export function redactSecrets<T>(value: T): T {
  return redact(value, 0) as T;
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(v => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && v !== null && v !== undefined && v !== ''
        ? REDACTED
        : redact(v, depth + 1);
  }
  return out;
}
