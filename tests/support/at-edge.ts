import type { z } from "zod";
import { parseInput } from "@/lib/errors";

// Calls a domain function the way every surface does (action, API, CLI): the raw input is parsed
// with the surface's schema first, and a parse failure rejects the promise like a domain refusal.
export async function atEdge<S extends z.ZodType, R>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => Promise<R>,
): Promise<R> {
  return run(parseInput(schema, raw));
}
