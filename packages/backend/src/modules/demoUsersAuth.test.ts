import { ConfigReader } from '@backstage/config';
import { Request } from 'express';
import {
  DEMO_USER_HEADER,
  demoUsersAuthenticator,
  signInAsDemoUser,
} from './demoUsersAuth';

const config = (extra: object = {}) =>
  new ConfigReader({
    users: ['whitfield.diffie', 'user:default/ada.lovelace'],
    ...extra,
  });

const requestNaming = (user?: string) =>
  ({
    header: (name: string) =>
      name.toLowerCase() === DEMO_USER_HEADER ? user : undefined,
  } as unknown as Request);

describe('demo-users auth provider', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  describe('in development', () => {
    beforeEach(() => {
      process.env.NODE_ENV = 'development';
    });

    it('signs in as a listed user named by short name or full ref', async () => {
      const ctx = demoUsersAuthenticator.initialize({ config: config() });
      await expect(
        demoUsersAuthenticator.authenticate(
          { req: requestNaming('whitfield.diffie') },
          ctx,
        ),
      ).resolves.toEqual({
        result: { userEntityRef: 'user:default/whitfield.diffie' },
      });
      await expect(
        demoUsersAuthenticator.authenticate(
          { req: requestNaming('user:default/ada.lovelace') },
          ctx,
        ),
      ).resolves.toEqual({
        result: { userEntityRef: 'user:default/ada.lovelace' },
      });
    });

    it('refuses users not listed, a missing header and a malformed one', async () => {
      const ctx = demoUsersAuthenticator.initialize({ config: config() });
      await expect(
        demoUsersAuthenticator.authenticate(
          { req: requestNaming('radia.perlman') },
          ctx,
        ),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        demoUsersAuthenticator.authenticate(
          { req: requestNaming('group:default/security-team') },
          ctx,
        ),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        demoUsersAuthenticator.authenticate({ req: requestNaming() }, ctx),
      ).rejects.toMatchObject({ name: 'AuthenticationError' });
      await expect(
        demoUsersAuthenticator.authenticate(
          { req: requestNaming('user:') },
          ctx,
        ),
      ).rejects.toMatchObject({ name: 'AuthenticationError' });
    });
  });

  it('refuses everyone outside development unless dangerously allowed', async () => {
    process.env.NODE_ENV = 'production';
    const ctx = demoUsersAuthenticator.initialize({ config: config() });
    await expect(
      demoUsersAuthenticator.authenticate(
        { req: requestNaming('whitfield.diffie') },
        ctx,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    const allowed = demoUsersAuthenticator.initialize({
      config: config({ dangerouslyAllowOutsideDevelopment: true }),
    });
    await expect(
      demoUsersAuthenticator.authenticate(
        { req: requestNaming('whitfield.diffie') },
        allowed,
      ),
    ).resolves.toBeDefined();
  });

  it('signs in through the catalog, so the user gets its groups', async () => {
    const signInWithCatalogUser = jest
      .fn()
      .mockResolvedValue({ token: 'backstage-token' });
    await expect(
      signInAsDemoUser(
        {
          profile: {},
          result: { userEntityRef: 'user:default/whitfield.diffie' },
        },
        { signInWithCatalogUser } as any,
      ),
    ).resolves.toEqual({ token: 'backstage-token' });
    expect(signInWithCatalogUser).toHaveBeenCalledWith({
      entityRef: 'user:default/whitfield.diffie',
    });
  });
});
