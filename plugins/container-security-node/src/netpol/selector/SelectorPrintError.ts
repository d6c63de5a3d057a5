/**
 * Thrown when a selector AST holds a label key or value that Calico's selector syntax
 * cannot express (a key with characters outside label-key syntax, a value with both
 * quote characters). Such keys come from user input (a pasted policy's `matchLabels`),
 * so callers answer it as bad input. A RangeError, as the printer has always thrown.
 *
 * @public
 */
export class SelectorPrintError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorPrintError';
  }
}
