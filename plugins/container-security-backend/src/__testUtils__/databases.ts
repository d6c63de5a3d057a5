import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases every storage test runs on. PostgreSQL comes from
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING; `yarn test` sets it together with
 * CONTAINER_SECURITY_REQUIRE_POSTGRES so a missing server fails loudly instead of
 * silently narrowing the run to SQLite.
 */
export function createTestDatabases(): TestDatabases {
  const ids: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];
  const databases = TestDatabases.create({ ids });
  if (
    process.env.CONTAINER_SECURITY_REQUIRE_POSTGRES === '1' &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'PostgreSQL is required: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    );
  }
  return databases;
}
