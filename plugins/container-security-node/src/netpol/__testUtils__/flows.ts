import { KubernetesObject } from '../../manifests/types';
import { buildNetpolModel } from '../model';
import { findNetpolEndpoints } from '../endpoints';
import { evaluateNetpolFlow } from '../evaluate';
import { NetpolFlowVerdict, NetpolModel, NetpolPeer } from '../types';

function side(model: NetpolModel, ref: string): NetpolPeer {
  if (/^[0-9a-f.:]+$/i.test(ref) && (ref.includes('.') || ref.includes(':')))
    return { ip: ref };
  const [endpoint] = findNetpolEndpoints(model, ref);
  if (!endpoint) throw new Error(`no endpoint ${ref}`);
  return { endpoint };
}

/** Evaluates `from` → `to` at a port over the given objects. */
export function flow(
  objects: KubernetesObject[] | NetpolModel,
  from: string,
  to: string,
  port: number | string = 80,
  protocol = 'TCP',
): NetpolFlowVerdict {
  const model = Array.isArray(objects) ? buildNetpolModel(objects) : objects;
  return evaluateNetpolFlow(model, {
    from: side(model, from),
    to: side(model, to),
    port,
    protocol,
  });
}
