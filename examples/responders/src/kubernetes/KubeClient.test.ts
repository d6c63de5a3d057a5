import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KubeApiError, KubeClient } from './KubeClient';

const server = setupServer();
registerMswTestHooks(server);

describe('KubeClient', () => {
  it('takes the API server and token from K8S_API_URL and K8S_TOKEN', async () => {
    let authorization: string | null = null;
    server.use(
      http.get('https://eks.test/api/v1/namespaces/payments', ({ request }) => {
        authorization = request.headers.get('authorization');
        return HttpResponse.json({
          kind: 'Namespace',
          metadata: { name: 'payments' },
        });
      }),
    );
    const kube = KubeClient.fromEnvironment({
      K8S_API_URL: 'https://eks.test/',
      K8S_TOKEN: 'abc',
    });

    await expect(
      kube.send('GET', '/api/v1/namespaces/payments'),
    ).resolves.toMatchObject({ kind: 'Namespace' });
    expect(authorization).toBe('Bearer abc');
  });

  it('uses the in-cluster address when K8S_API_URL is absent', async () => {
    server.use(
      http.get('https://10.100.0.1/version', () =>
        HttpResponse.json({ gitVersion: 'v1.31.2' }),
      ),
    );
    const kube = KubeClient.fromEnvironment({
      KUBERNETES_SERVICE_HOST: '10.100.0.1',
      KUBERNETES_SERVICE_PORT: '443',
    });

    await expect(kube.send('GET', '/version')).resolves.toEqual({
      gitVersion: 'v1.31.2',
    });
  });

  it('mints an EKS token from the function role when EKS_CLUSTER_NAME is set', async () => {
    let authorization = '';
    server.use(
      http.get('https://eks.test/version', ({ request }) => {
        authorization = request.headers.get('authorization') ?? '';
        return HttpResponse.json({ gitVersion: 'v1.31.2' });
      }),
    );
    const kube = KubeClient.fromEnvironment({
      K8S_API_URL: 'https://eks.test',
      EKS_CLUSTER_NAME: 'demo-eks',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'session',
    });

    await kube.send('GET', '/version');

    expect(authorization).toMatch(/^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = Buffer.from(
      authorization.slice('Bearer k8s-aws-v1.'.length),
      'base64url',
    ).toString();
    expect(url).toContain(
      'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity',
    );
  });

  it('refuses EKS_CLUSTER_NAME without the role credentials', () => {
    expect(() =>
      KubeClient.fromEnvironment({
        K8S_API_URL: 'https://eks.test',
        EKS_CLUSTER_NAME: 'demo-eks',
      }),
    ).toThrow(/EKS_CLUSTER_NAME is set but AWS_REGION/);
  });

  it('refuses to start without an API server', () => {
    expect(() => KubeClient.fromEnvironment({})).toThrow(
      /K8S_API_URL is not set/,
    );
  });

  it('reports a non-JSON error answer by status, without the token', async () => {
    server.use(
      http.get(
        'https://eks.test/api/v1/pods',
        () => new HttpResponse('<html>bad gateway</html>', { status: 502 }),
      ),
    );
    const kube = KubeClient.fromEnvironment({
      K8S_API_URL: 'https://eks.test',
      K8S_TOKEN: 'sekret-token',
    });

    const error: any = await kube.send('GET', '/api/v1/pods').catch(e => e);

    expect(error).toBeInstanceOf(KubeApiError);
    expect(error.status).toBe(502);
    expect(error.message).toBe(
      'Kubernetes API GET /api/v1/pods answered 502: <html>bad gateway</html>',
    );
    expect(error.message).not.toContain('sekret-token');
  });
});
