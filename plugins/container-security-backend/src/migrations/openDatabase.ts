import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@containersec/plugin-container-security-backend',
  'migrations',
);

/** Opens the plugin's database and runs pending migrations unless the app disabled them. */
export async function openDatabase(database: DatabaseService): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}

/** For migration tests. */
export const MIGRATIONS_DIRECTORY = migrationsDir;
