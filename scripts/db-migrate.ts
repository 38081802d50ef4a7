// npm run db:migrate – applies the committed migrations to the configured database.
import { dbInfo } from "@/db/client";
import { runCli } from "./lib/run-cli";

await runCli(async () => {
  const { mode, location } = dbInfo();
  console.log(`Migrations applied (${mode}: ${location})`);
});
