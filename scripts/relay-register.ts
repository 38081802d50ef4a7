// npm run relay:register -- --name <name> – registers a relay and prints its token (shown once).
// A host command (whoever runs it can read the deployment secret anyway): it acts as the system,
// and the audit entry names the operating-system account and host it ran from.
import os from "node:os";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { parseInput } from "@/lib/errors";
import { registerRelay } from "@/lib/relays/register-relay";
import { registerRelaySchema } from "@/lib/validations/relays";
import { cliFlags, exitWithUsage } from "./lib/cli-flags";
import { runCli } from "./lib/run-cli";

const USAGE = "Usage: npm run relay:register -- --name <relay name>";

// os.userInfo() throws for a uid without a passwd entry (some containers).
function whoRuns(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `uid ${process.getuid?.() ?? "?"}@${os.hostname()}`;
  }
}

const flags = cliFlags({ name: { type: "string" } }, USAGE);
const name = flags.name ?? exitWithUsage(USAGE);

await runCli(async () => {
  // --name is untrusted text: parsed here, at the edge, with the dashboard form's schema.
  const input = parseInput(registerRelaySchema, { name });
  const { relay, token } = await registerRelay({
    actor: { ...SYSTEM_ACTOR, label: `cli relay:register by ${whoRuns()}` },
    input,
  });
  console.log(`Relay ${relay.name} registered. Its token (shown once):`);
  console.log(token);
});
