// npm run user:create -- --role admin [--email a@b] [--name "A B"] [--password-stdin]
// Creates a user for a real deployment (the first admin of an empty database too). Without --email
// it asks for one; without --password-stdin a strong password is generated and printed once;
// there is no default password.
import { closeDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { parseArgs } from "./lib/args";
import { promptLine } from "./lib/prompt-line";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

const USAGE = "Usage: npm run user:create -- --role <admin|security|infra|comms|auditor> [--email <email>] [--name <name>] [--password-stdin]";

const args = parseArgs(process.argv.slice(2));
// The email is asked for when missing, except when stdin carries the password.
if (typeof args.role !== "string" || (typeof args.email !== "string" && args["password-stdin"])) {
  console.error(USAGE);
  process.exit(2);
}
const email = typeof args.email === "string" ? args.email : await promptLine(`Email of the new ${args.role}: `);
if (!email) {
  console.error(`No email given. ${USAGE}`);
  process.exit(2);
}
const password = args["password-stdin"] ? await readStdin() : undefined;

try {
  await runMigrations();
  const { user, generatedPassword } = await createUser({
    actor: { ...SYSTEM_ACTOR, label: "cli user:create" },
    input: { email, role: args.role, name: typeof args.name === "string" ? args.name : email.split("@")[0], password },
  });
  console.log(`Created ${user.role} ${user.email}`);
  if (generatedPassword) console.log(`Password (shown once): ${generatedPassword}`);
} catch (error) {
  if (error instanceof AppError) {
    const fields = error.fieldErrors ? ` ${JSON.stringify(error.fieldErrors)}` : "";
    console.error(`Error: ${error.message}${fields}`);
    process.exitCode = 1;
  } else {
    console.error(`Error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
} finally {
  await closeDb();
}
