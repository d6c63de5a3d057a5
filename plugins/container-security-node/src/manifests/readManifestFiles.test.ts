import { createMockDirectory } from '@backstage/backend-test-utils';
import { readManifestFiles } from './readManifestFiles';

describe('readManifestFiles', () => {
  const dir = createMockDirectory();

  it('walks folders recursively, reading only manifest files, in a stable order', async () => {
    dir.setContent({
      'b/deploy.yaml': 'kind: Deployment\nmetadata:\n  name: web\n',
      'a/svc.yml': 'kind: Service\nmetadata:\n  name: web\n',
      'a/list.json':
        '{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"p"}}]}',
      'README.md': 'kind: not a manifest',
      '.hidden/x.yaml': 'kind: Secret\nmetadata:\n  name: s\n',
    });
    const objects = await readManifestFiles([dir.path]);
    expect(objects.map(o => o.object.kind)).toEqual([
      'Pod',
      'Service',
      'Deployment',
    ]);
  });

  it('throws for a missing path instead of skipping it', async () => {
    await expect(readManifestFiles([dir.resolve('nope')])).rejects.toThrow(
      /ENOENT/,
    );
  });
});
