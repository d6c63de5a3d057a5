import { InputError } from '@backstage/errors';
import {
  buildNetpolModel,
  NetpolObjectError,
  SelectorPrintError,
} from '@containersec/plugin-container-security-node';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { STATUS_BY_ERROR_NAME } from '../http/errorHandler';
import { PayloadTooLargeError } from '../http/httpErrors';
import { parsePastedPolicies } from './parsePastedPolicies';

const RUNS = { numRuns: 1000 };

const FIXTURES = path.resolve(
  __dirname,
  '../../../../../shared/fixtures/netpol',
);
const fixtures = ['k8s', 'calico'].flatMap(dir =>
  fs
    .readdirSync(path.join(FIXTURES, dir))
    .filter(f => f.endsWith('.yaml'))
    .map(f => fs.readFileSync(path.join(FIXTURES, dir, f), 'utf8')),
);

/**
 * What the what-if route would answer for `text`: the status its error maps to, or 200
 * when the policies parse and validate. Anything else thrown is a 500.
 */
function statusFor(text: string): number {
  try {
    const pasted = parsePastedPolicies(text, 'payments');
    buildNetpolModel(pasted);
    return 200;
  } catch (error) {
    // NetworkService answers both as 400 naming the object and field.
    if (
      error instanceof NetpolObjectError ||
      error instanceof SelectorPrintError
    ) {
      return 400;
    }
    if (error instanceof InputError || error instanceof PayloadTooLargeError) {
      return STATUS_BY_ERROR_NAME[error.name];
    }
    return 500;
  }
}

const deep = fc
  .record({
    depth: fc.integer({ min: 1, max: 20_000 }),
    open: fc.constantFrom('[', '{a: ', '- ', '  '),
    fixture: fc.constantFrom(...fixtures),
  })
  .map(({ depth, open, fixture }) => {
    if (open === '- ' || open === '  ') {
      // Block nesting: indentation grows with depth, so keep it within the size cap.
      const lines = Array.from(
        { length: Math.min(depth, 600) },
        (_, i) => `${' '.repeat(i)}${open.trim() || 'k'}:`,
      );
      return `${fixture}\n---\n${lines.join('\n')} x`;
    }
    const close = open === '[' ? ']' : '}';
    return `spec: ${open.repeat(depth)}x${close.repeat(
      depth,
    )}\n---\n${fixture}`;
  });

const wide = fc.oneof(
  fc
    .tuple(fc.constantFrom(...fixtures), fc.integer({ min: 1, max: 40 }))
    .map(([fixture, n]) => Array(n).fill(fixture).join('\n---\n')),
  fc.integer({ min: 1, max: 70_000 }).map(n => '---\n'.repeat(n)),
  fc
    .integer({ min: 1, max: 300 })
    .map(
      n =>
        `items: [${Array(n)
          .fill('{kind: NetworkPolicy}')
          .join(', ')}]\nkind: List`,
    ),
);

const bombs = fc
  .integer({ min: 2, max: 12 })
  .map(levels =>
    [
      'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: levels },
        (_, i) =>
          `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`,
      ),
    ].join('\n'),
  );

const malformed = fc.oneof(
  fc
    .tuple(fc.constantFrom(...fixtures), fc.nat(), fc.string({ maxLength: 4 }))
    .map(([text, at, noise]) => {
      const i = at % Math.max(text.length, 1);
      return text.slice(0, i) + noise + text.slice(i + 1);
    }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.jsonValue({ maxDepth: 6 }).map(v => JSON.stringify(v)),
  fc
    .string({
      unit: fc.constantFrom('(', ')', '!', '&&', '||', "'a'", 'all()', ' '),
    })
    .map(
      selector =>
        `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  selector: ${JSON.stringify(
          selector,
        )}`,
    ),
);

describe('what-if policy parser on hostile input', () => {
  it.each([
    ['deep', deep],
    ['wide', wide],
    ['alias bombs', bombs],
    ['malformed', malformed],
  ] as const)(
    'answers %s text with 200 or a 4xx, never a 5xx',
    (_name, arbitrary) => {
      fc.assert(
        fc.property(arbitrary, text => {
          expect([200, 400, 413]).toContain(statusFor(text));
        }),
        RUNS,
      );
    },
  );
});
