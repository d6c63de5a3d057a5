import { createBackend } from '@backstage/backend-defaults';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

// The scaffolder with this module's actions, for `yarn start` in this package: list them
// with `curl localhost:7007/api/scaffolder/v2/actions`. Every request is a mock user's and
// every permission is allowed; the catalog is empty.
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(
  mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.user() }),
);
backend.add(
  mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
);
backend.add(catalogServiceMock.factory({ entities: [] }));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('../src'));
backend.start();
