import path from "node:path";

// Where the embedded database and generated secrets live (SWITCHYARD_DATA_DIR, default ./.data).
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.SWITCHYARD_DATA_DIR || ".data");
}

export function migrationsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), "drizzle");
}
