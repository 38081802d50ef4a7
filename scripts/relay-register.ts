// npm run relay:register -- --name <name> – registers a relay and prints its token (shown once)
// (lib/host-commands/relay-register.ts). It also works while npm start runs on the embedded
// database (scripts/lib/run-cli.ts runHostCommand).
import { cliFlags, exitWithUsage } from "./lib/cli-flags";
import { runHostCommand } from "./lib/run-cli";

const USAGE = "Usage: npm run relay:register -- --name <relay name>";

const flags = cliFlags({ name: { type: "string" } }, USAGE);
const name = flags.name ?? exitWithUsage(USAGE);

await runHostCommand("relay:register", { name });
