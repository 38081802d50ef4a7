// npm run token:create -- --email <user> --name <label> [--days 90]
// Prints a new management API token for an existing user (lib/host-commands/token-create.ts); it
// also works while npm start runs on the embedded database (scripts/lib/run-cli.ts runHostCommand).
import { cliFlags, exitWithUsage } from "./lib/cli-flags";
import { runHostCommand } from "./lib/run-cli";

const USAGE = "Usage: npm run token:create -- --email <user email> --name <label> [--days <1-365>]";

const flags = cliFlags({ email: { type: "string" }, name: { type: "string" }, days: { type: "string" } }, USAGE);
const email = flags.email ?? exitWithUsage(USAGE);
const name = flags.name ?? exitWithUsage(USAGE);

await runHostCommand("token:create", { email, name, days: flags.days });
