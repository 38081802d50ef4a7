// The one frame of a host command (npm run user:create, token:create, relay:register, …): the
// migrations first when the command works on the database, a failure as one line "Error: …" with
// exit code 1 (never a stack trace), and the database closed at the end either way.
import { closeDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { AppError } from "@/lib/errors";
import { errorLine } from "./error-line";

// "migrated": migrations first (a fresh database works); "as-is": opened as found (a check must not
// change what it checks); "none": the command never opens it.
export type CliDatabase = "migrated" | "as-is" | "none";

export function failureLine(error: unknown): string {
  const fields = error instanceof AppError && error.fieldErrors ? ` ${JSON.stringify(error.fieldErrors)}` : "";
  return `Error: ${errorLine(error)}${fields}`;
}

// Runs the command's body; a number it returns is its exit code (0 when it returns nothing).
export async function runCli(body: () => Promise<unknown>, database: CliDatabase = "migrated"): Promise<void> {
  try {
    if (database === "migrated") await runMigrations();
    const code = await body();
    if (typeof code === "number" && code !== 0) process.exitCode = code;
  } catch (error) {
    console.error(failureLine(error));
    process.exitCode = 1;
  } finally {
    if (database !== "none") await closeDb();
  }
}
