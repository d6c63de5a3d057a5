import { isTrustedIngestSource } from './trustedSource';

describe('isTrustedIngestSource', () => {
  const config = {
    sources: [
      {
        id: 'prod-falco',
        secret: 'a-secret-of-sixteen+',
        allowUrlSecret: true,
      },
    ],
    allowedServicePrincipals: ['external:container-security-scripts'],
  };

  it.each([
    ['prod-falco', true],
    ['token:external:container-security-scripts', true],
    ['token:plugin:catalog', false],
    ['other-falco', false],
    ['external:container-security-scripts', false],
    ['token:prod-falco', false],
    ['', false],
  ])('%s -> %s', (ingestSource, expected) => {
    expect(isTrustedIngestSource(ingestSource, config)).toBe(expected);
  });

  it('trusts no token sender when the allow-list is empty', () => {
    expect(
      isTrustedIngestSource('token:plugin:container-security', {
        ...config,
        allowedServicePrincipals: [],
      }),
    ).toBe(false);
  });
});
