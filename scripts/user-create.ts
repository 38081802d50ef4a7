// npm run user:create -- --role admin [--email a@b] [--name "A B"] [--password-stdin]
// Creates a user for a real deployment (lib/host-commands/user-create.ts). Without --email it asks
// for one; without --password-stdin a strong password is generated and printed once. It also works
// while npm start runs on the embedded database (scripts/lib/run-cli.ts runHostCommand).
import { cliFlags, exitWithUsage } from "./lib/cli-flags";
import { promptLine } from "./lib/prompt-line";
import { runHostCommand } from "./lib/run-cli";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

const USAGE =
  "Usage: npm run user:create -- --role <admin|security|infra|comms|auditor> [--email <email>] [--name <name>] [--password-stdin]";

const flags = cliFlags(
  {
    role: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
    "password-stdin": { type: "boolean" },
  },
  USAGE,
);
// The email is asked for when missing, except when stdin carries the password.
const role = flags.role ?? exitWithUsage(USAGE);
if (flags.email === undefined && flags["password-stdin"]) exitWithUsage(USAGE);
const email = flags.email ?? (await promptLine(`Email of the new ${role}: `));
if (!email) exitWithUsage(USAGE, "No email given.");
const password = flags["password-stdin"] ? await readStdin() : undefined;

await runHostCommand("user:create", { role, email, name: flags.name, password });
