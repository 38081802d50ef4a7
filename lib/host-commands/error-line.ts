// An error as one line for a command's user: its message (the first one of an AggregateError,
// e.g. a refused connection on every address), else its code or name, followed by its cause
// (drizzle wraps the driver's error: "Failed query: …" caused by "connect ECONNREFUSED …");
// never its stack.
export function errorLine(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0 && !error.message) return errorLine(error.errors[0]);
  if (!(error instanceof Error)) return String(error);
  const line = (error.message || (error as NodeJS.ErrnoException).code || error.name).split("\n")[0];
  return error.cause === undefined ? line : `${line}: ${errorLine(error.cause)}`;
}
