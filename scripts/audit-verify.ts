// npm run audit:verify – recomputes the audit hash chain and names the first broken entry
// (lib/host-commands/audit-verify.ts). It also works while npm start runs on the embedded
// database (scripts/lib/run-cli.ts runHostCommand).
import { runHostCommand } from "./lib/run-cli";

await runHostCommand("audit:verify", {});
