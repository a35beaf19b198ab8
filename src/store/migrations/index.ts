// Versioned migrations, in order. A static provider: no directory scanning, so the same list runs
// from source (tsx), from dist/, and on both engines. Never edit a released migration; add one.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_init.js';

export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

/** Schema version this build writes: the number of migrations. */
export const SCHEMA_VERSION = Object.keys(migrations).length;
