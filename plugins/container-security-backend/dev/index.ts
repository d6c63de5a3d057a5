import { createBackend } from '@backstage/backend-defaults';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import { parseAllDocuments } from 'yaml';

// The plugin alone, for `yarn start` in this package. The repository's app-config.yaml
// supplies its config (the demo's manifests, reports and replays); the catalog is the
// example catalog held in memory; every request is a mock user's (no sign-in needed, or
// `Authorization: Bearer mock-user-token`) and every permission is allowed.

const catalogDir = resolve(__dirname, '../../../examples/catalog');
const entities = readdirSync(catalogDir)
  .filter(file => file.endsWith('.yaml'))
  .flatMap(file =>
    parseAllDocuments(readFileSync(resolve(catalogDir, file), 'utf8')).map(
      doc => doc.toJS() as Entity,
    ),
  )
  .filter(entity => entity?.kind && entity.kind !== 'Location');

const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(
  mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.user() }),
);
backend.add(
  mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
);
backend.add(catalogServiceMock.factory({ entities }));
backend.add(import('../src'));
backend.start();
