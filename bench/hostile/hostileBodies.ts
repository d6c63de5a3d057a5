const MIB4 = 4 * 1024 * 1024;

/**
 * The hostile NDJSON bodies, each just under the default 4 MiB request limit: tiny
 * lines (`{}` and `x`, about two million of them, refused by the line count before
 * any is parsed), and 10,000 lines that pass the count and are valid JSON nested 60
 * deep (walked to the depth limit) but not Falco events (validated and rejected until
 * the batch's rejection limit refuses the rest), and a JSON array of 1.4 million empty
 * objects (refused by the element count before JSON.parse would build it).
 */
export function hostileBodies(): Buffer[] {
  const tiny = (line: string) =>
    Buffer.from(line.repeat(Math.floor((MIB4 - 1) / line.length)));
  const nested = `{"time":"x","output_fields":${'{"a":'.repeat(
    60,
  )}1${'}'.repeat(60)}}\n`;
  const emptyObjects = `[${Array(Math.floor((MIB4 - 2) / 3))
    .fill('{}')
    .join(',')}]`;
  return [
    tiny('{}\n'),
    tiny('x\n'),
    Buffer.from(nested.repeat(10_000)),
    Buffer.from(emptyObjects),
  ];
}
