import { Bits, test } from './bitset';
import { classIndexOf, evaluateClassVector } from './classIndex';
import { NetpolModel, NetpolReachabilityMatrix } from './types';

/**
 * Options of {@link computeNetpolReachabilityMatrix}.
 *
 * @public
 */
export interface NetpolMatrixOptions {
  /** Destination port (a number, or a name resolved per destination). */
  port: number | string;
  /** Default `TCP`. */
  protocol?: string;
}

/**
 * Reachability of every endpoint pair at one port: egress at the source and ingress at
 * the destination, with endpoints grouped into classes that share every verdict.
 *
 * @remarks
 * Classes and each policy's and rule's matched classes are computed once per model
 * (cached), then every class's egress row and ingress column are evaluated as bitsets.
 *
 * @public
 */
export function computeNetpolReachabilityMatrix(
  model: NetpolModel,
  options: NetpolMatrixOptions,
): NetpolReachabilityMatrix {
  const protocol = (options.protocol ?? 'TCP').toUpperCase();
  const ix = classIndexOf(model);
  const egress: Bits[] = [];
  const ingress: Bits[] = [];
  for (let c = 0; c < ix.realClasses; c++) {
    egress.push(evaluateClassVector(ix, c, 'egress', options.port, protocol));
    ingress.push(evaluateClassVector(ix, c, 'ingress', options.port, protocol));
  }
  const allowedClasses = (from: number, to: number) =>
    test(egress[from], to) && test(ingress[to], from);
  let allowedPairs = 0;
  for (let a = 0; a < ix.realClasses; a++) {
    const sa = ix.members[a].length;
    for (let b = 0; b < ix.realClasses; b++) {
      if (allowedClasses(a, b)) allowedPairs += sa * ix.members[b].length;
    }
  }
  return {
    port: options.port,
    protocol,
    classes: ix.members
      .slice(0, ix.realClasses)
      .map(endpoints => ({ endpoints })),
    classOf: ix.classOf,
    allowedClasses,
    allowed: (from, to) => allowedClasses(ix.classOf[from], ix.classOf[to]),
    allowedPairs,
  };
}
