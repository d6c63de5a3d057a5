/**
 * Event text as safe plain text for a notification: control characters become spaces,
 * runs of whitespace collapse, and anything longer than `max` characters is cut with an
 * ellipsis. The result is only ever used as text, never placed into markup.
 */
export function plainText(value: unknown, max: number): string {
  const text = (typeof value === 'string' ? value : String(value ?? ''))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
