import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Every file in migrations/, by name; works from src (tsx) and from dist (compiled .js). */
class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const file of (await fs.readdir(folder)).sort()) {
      if (!/\.(ts|js)$/.test(file) || file.endsWith('.d.ts') || file.includes('.test.')) continue;
      const mod = (await import(pathToFileURL(path.join(folder, file)).href)) as Migration;
      out[file.replace(/\.(ts|js)$/, '')] = mod;
    }
    return out;
  }
}

/** Brings the schema up to date; throws if any migration fails. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Modules add migrations in parallel branches of work; a database made before a lower-numbered
  // migration landed must still take it.
  const migrator = new Migrator({ db, provider: new FolderProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations not yet applied to this database, by name (tocsin doctor); changes nothing. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new FolderProvider(), allowUnorderedMigrations: true });
  return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}
