import { createMockDirectory } from '@backstage/backend-test-utils';
import { loadConfig } from './loadConfig';

describe('loadConfig', () => {
  const dir = createMockDirectory();

  it('answers undefined without files', async () => {
    await expect(loadConfig([])).resolves.toBeUndefined();
  });

  it('merges files with the later one winning, as a backend does', async () => {
    dir.setContent({
      'app-config.yaml': [
        'containerSecurity:',
        '  posture:',
        '    allowedRegistries: [registry.internal]',
        '    podSecurityVersion: v1.29',
      ].join('\n'),
      'app-config.local.yaml': [
        'containerSecurity:',
        '  posture:',
        '    podSecurityVersion: latest',
      ].join('\n'),
    });
    const config = await loadConfig([
      dir.resolve('app-config.yaml'),
      dir.resolve('app-config.local.yaml'),
    ]);
    expect(
      config?.getString('containerSecurity.posture.podSecurityVersion'),
    ).toBe('latest');
    expect(
      config?.getStringArray('containerSecurity.posture.allowedRegistries'),
    ).toEqual(['registry.internal']);
  });

  it('substitutes ${VAR} and resolves $env from the environment', async () => {
    dir.setContent({
      'app-config.yaml': [
        'containerSecurity:',
        '  posture:',
        '    allowedRegistries:',
        '      - ${REGISTRY_HOST}/team',
        '    podSecurityVersion:',
        '      $env: PSS_VERSION',
      ].join('\n'),
    });
    const config = await loadConfig([dir.resolve('app-config.yaml')], {
      env: { REGISTRY_HOST: 'ecr.example', PSS_VERSION: 'v1.30' },
    });
    expect(
      config?.getStringArray('containerSecurity.posture.allowedRegistries'),
    ).toEqual(['ecr.example/team']);
    expect(
      config?.getString('containerSecurity.posture.podSecurityVersion'),
    ).toBe('v1.30');
  });

  it('resolves $include relative to the including file', async () => {
    dir.setContent({
      'app-config.yaml': [
        'containerSecurity:',
        '  posture:',
        '    $include: ./posture/rules.yaml',
      ].join('\n'),
      'posture/rules.yaml': [
        'rules:',
        '  - check: privileged-container',
        '    severity: low',
      ].join('\n'),
    });
    const config = await loadConfig([dir.resolve('app-config.yaml')]);
    const rules = config?.getConfigArray('containerSecurity.posture.rules');
    expect(rules?.map(r => r.getString('severity'))).toEqual(['low']);
  });

  it('refuses a value of the wrong type, naming the key, before the engine reads it', async () => {
    dir.setContent({
      'app-config.yaml': [
        'containerSecurity:',
        '  posture:',
        '    rules:',
        '      - check: privileged-container',
        '        severity: urgent',
      ].join('\n'),
    });
    const error = await loadConfig([dir.resolve('app-config.yaml')]).catch(
      e => e,
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toContain('invalid configuration');
    expect(error.message).toContain(
      '/containerSecurity/posture/rules/0/severity',
    );
  });

  it('leaves out a key whose $env variable is not set, as a backend does', async () => {
    dir.setContent({
      'app-config.yaml': [
        'containerSecurity:',
        '  posture:',
        '    podSecurityVersion:',
        '      $env: NOT_SET_ANYWHERE',
      ].join('\n'),
    });
    const config = await loadConfig([dir.resolve('app-config.yaml')], {
      env: {},
    });
    expect(
      config?.getOptionalString('containerSecurity.posture.podSecurityVersion'),
    ).toBeUndefined();
  });

  it('reports a file that does not exist as bad input', async () => {
    const error = await loadConfig([dir.resolve('missing.yaml')]).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain('missing.yaml');
  });
});
