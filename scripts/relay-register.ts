// npm run relay:register -- --name <name> – registers a relay and prints its token (shown once).
// A host command (whoever runs it can read the deployment secret anyway): it acts as the system,
// and the audit entry names the operating-system account and host it ran from.
import os from "node:os";
import { closeDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { registerRelay } from "@/lib/relays/register-relay";
import { parseArgs } from "./lib/args";

// os.userInfo() throws for a uid without a passwd entry (some containers).
function whoRuns(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `uid ${process.getuid?.() ?? "?"}@${os.hostname()}`;
  }
}

const args = parseArgs(process.argv.slice(2));
if (typeof args.name !== "string") {
  console.error("Usage: npm run relay:register -- --name <relay name>");
  process.exit(2);
}

try {
  await runMigrations();
  const { relay, token } = await registerRelay({ actor: { ...SYSTEM_ACTOR, label: `cli relay:register by ${whoRuns()}` }, input: { name: args.name } });
  console.log(`Relay ${relay.name} registered. Its token (shown once):`);
  console.log(token);
} catch (error) {
  console.error(`Error: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
