// npm run db:seed – demo data on an empty database (never on one that already has users), in demo
// mode only: the embedded database, or SWITCHYARD_DEMO=1.
import { DEMO_USERS, seedDemo } from "@/lib/demo/seed";
import { runCli } from "./lib/run-cli";

await runCli(async () => {
  const outcome = await seedDemo();
  if (outcome.seeded) console.log(`Seeded ${DEMO_USERS.length} demo users.`);
  else if (outcome.reason === "has-users") console.log("Database already has users: demo seed skipped.");
  else console.log("Not a demo (DATABASE_URL is set): demo seed skipped. SWITCHYARD_DEMO=1 seeds it anyway.");
});
