import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema only; they are applied by scripts/db-migrate.ts
// (PGlite or PostgreSQL, chosen by db/client.ts), never by drizzle-kit push.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});
