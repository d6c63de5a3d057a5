import { KubernetesObject } from '../../manifests/types';
import { namespace } from './world';

export const deployment = (
  ns: string,
  name: string,
  labels: Record<string, string>,
  ports: Array<{
    name?: string;
    containerPort: number;
    protocol?: string;
  }> = [],
): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: 'main', image: 'x', ports }] },
    },
  },
});

/**
 * A small shop: `shop/api` is the service under study. Kubernetes policies allow web
 * and the ops namespace on the named port http (8080), 10.0.0.0/8 (except 10.1.0.0/16)
 * on 443; egress to db on 5432 and to 0.0.0.0/0 on 443. A Calico policy has an Allow
 * shadowed by an earlier Deny; `ghost` selects nothing.
 */
export function shop(): KubernetesObject[] {
  return [
    namespace('shop', { team: 'shop' }),
    namespace('ops', { team: 'ops' }),
    namespace('other'),
    deployment('shop', 'api', { app: 'api' }, [
      { name: 'http', containerPort: 8080 },
    ]),
    deployment('shop', 'web', { app: 'web' }),
    deployment('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]),
    deployment('ops', 'prom', { app: 'prom' }),
    deployment('other', 'stranger', { app: 'stranger' }),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api-ingress', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { app: 'api' } },
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { app: 'web' } } },
              { namespaceSelector: { matchLabels: { team: 'ops' } } },
            ],
            ports: [{ port: 'http' }],
          },
          {
            from: [
              { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
            ],
            ports: [{ port: 443 }],
          },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api-egress', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ podSelector: { matchLabels: { app: 'db' } } }],
            ports: [{ port: 5432 }],
          },
          { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'ghost', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'ghost' } }, ingress: [] },
    },
    {
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { name: 'lab-block', namespace: 'shop' },
      spec: {
        order: 10,
        selector: 'app == "api"',
        ingress: [
          { action: 'Deny', source: { nets: ['192.168.0.0/16'] } },
          { action: 'Allow', source: { nets: ['192.168.1.0/24'] } },
        ],
      },
    },
  ];
}
