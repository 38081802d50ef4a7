// What every host command shares wherever it runs: a failure is one line "Error: …" (with the field
// errors of invalid input) and exit code 1, never a stack trace.
import { AppError } from "@/lib/errors";
import { errorLine } from "./error-line";
import type { CommandOutput } from "./host-command";

export function failureLine(error: unknown): string {
  const fields = error instanceof AppError && error.fieldErrors ? ` ${JSON.stringify(error.fieldErrors)}` : "";
  return `Error: ${errorLine(error)}${fields}`;
}

// Runs a body and returns its exit code: the number it returns (0 for nothing), 1 when it throws.
export async function runFramed(body: () => Promise<unknown>, output: CommandOutput): Promise<number> {
  try {
    const code = await body();
    return typeof code === "number" ? code : 0;
  } catch (error) {
    output.err(failureLine(error));
    return 1;
  }
}
