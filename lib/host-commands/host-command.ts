// A host command (npm run token:create, user:create, relay:register, audit:verify) as one body that
// runs in two places: in the CLI process itself (scripts/lib/run-cli.ts), or inside the running
// server when it holds the embedded database (lib/server/admin-channel). Its arguments are the raw
// flags, parsed here with zod on either path, and it writes its lines to an output it is handed
// (the console, or the answer sent back over the admin socket) instead of to the console directly.
import type { z } from "zod";
import { parseInput } from "@/lib/errors";

// "migrated": migrations first (a fresh database works); "as-is": opened as found (a check must not
// change what it checks); "none": the command never opens it.
export type CliDatabase = "migrated" | "as-is" | "none";

export interface CommandOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const CONSOLE_OUTPUT: CommandOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

// A number the body returns is its exit code (0 when it returns nothing).
type CommandBody<A> = (args: A, output: CommandOutput) => Promise<number | undefined>;

export interface HostCommand<S extends z.ZodType = z.ZodType> {
  database: CliDatabase;
  args: S;
  // Parses the raw arguments (a failure throws the validation AppError), then runs the body.
  execute: (rawArgs: unknown, output: CommandOutput) => Promise<number | undefined>;
}

export function hostCommand<S extends z.ZodType>(definition: {
  database: CliDatabase;
  args: S;
  run: CommandBody<z.infer<S>>;
}): HostCommand<S> {
  return {
    database: definition.database,
    args: definition.args,
    execute: (rawArgs, output) => definition.run(parseInput(definition.args, rawArgs), output),
  };
}
