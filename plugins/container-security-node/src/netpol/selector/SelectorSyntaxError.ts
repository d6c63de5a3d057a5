/**
 * Thrown when a Calico selector expression cannot be tokenized or parsed.
 *
 * @public
 */
export class SelectorSyntaxError extends Error {
  /** 0-based index (in UTF-16 code units) into `selector` where the problem was found. */
  readonly position: number;
  /** The full selector text that failed to parse. */
  readonly selector: string;

  constructor(problem: string, position: number, selector: string) {
    super(
      `${problem} at position ${position} in selector ${JSON.stringify(
        selector,
      )}`,
    );
    this.name = 'SelectorSyntaxError';
    this.position = position;
    this.selector = selector;
  }
}
