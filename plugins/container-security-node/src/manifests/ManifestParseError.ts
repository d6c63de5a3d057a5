/**
 * A manifest that cannot be read; names the file and the 1-based line.
 *
 * @public
 */
export class ManifestParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'ManifestParseError';
  }
}
