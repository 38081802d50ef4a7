// npm run db:migrate – applies the committed migrations to the configured database.
import { closeDb, dbInfo } from "@/db/client";
import { runMigrations } from "@/db/migrate";

await runMigrations();
const { mode, location } = dbInfo();
console.log(`Migrations applied (${mode}: ${location})`);
await closeDb();
