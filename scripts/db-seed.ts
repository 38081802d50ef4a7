// npm run db:seed – demo data on an empty database (never on one that already has users).
import { closeDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { DEMO_USERS, seedDemo } from "@/db/seed";

await runMigrations();
const { seeded } = await seedDemo();
console.log(seeded ? `Seeded ${DEMO_USERS.length} demo users.` : "Database already has users: demo seed skipped.");
await closeDb();
