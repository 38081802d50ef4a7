// npm run user:create -- --email a@b --role security [--name "A B"] [--password-stdin]
// Creates a user for a real deployment. Without --password-stdin a strong password is generated
// and printed once; there is no default password.
import { closeDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { parseArgs } from "./lib/args";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

const args = parseArgs(process.argv.slice(2));
if (typeof args.email !== "string" || typeof args.role !== "string") {
  console.error("Usage: npm run user:create -- --email <email> --role <admin|security|infra|comms|auditor> [--name <name>] [--password-stdin]");
  process.exit(2);
}
const email = args.email;
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
