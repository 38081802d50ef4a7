// npm run relay:register – registers a relay and prints its token (shown once). A host command
// (whoever runs it can read the deployment secret anyway): it acts as the system, and the audit
// entry names the operating-system account and host it ran from.
import os from "node:os";
import { z } from "zod";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { parseInput } from "@/lib/errors";
import { registerRelay } from "@/lib/relays/register-relay";
import { registerRelaySchema } from "@/lib/validations/relays";
import { hostCommand } from "./host-command";

// The account of the process running the body. Sent over the admin socket it is the server's: the
// socket is 0600 in a 0700 directory, so only that account (or root) can have sent the command.
// os.userInfo() throws for a uid without a passwd entry (some containers).
function whoRuns(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `uid ${process.getuid?.() ?? "?"}@${os.hostname()}`;
  }
}

export const relayRegister = hostCommand({
  database: "migrated",
  args: z.strictObject({ name: z.string() }),
  run: async ({ name }, output) => {
    // --name is untrusted text: parsed here, at the edge, with the dashboard form's schema.
    const input = parseInput(registerRelaySchema, { name });
    const { relay, token } = await registerRelay({
      actor: { ...SYSTEM_ACTOR, label: `cli relay:register by ${whoRuns()}` },
      input,
    });
    output.out(`Relay ${relay.name} registered. Its token (shown once):`);
    output.out(token);
    return 0;
  },
});
