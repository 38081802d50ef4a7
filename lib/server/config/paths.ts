import path from "node:path";

// The environment a setting is read from (process.env by default; a plain object in tests).
export type Env = Readonly<Record<string, string | undefined>>;

// Where the embedded database and generated secrets live (SWITCHYARD_DATA_DIR, default ./.data).
export function dataDir(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.SWITCHYARD_DATA_DIR || ".data");
}

export function migrationsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), "drizzle");
}
