import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";

// The user id of the person acting (also through their API token): four-eyes compares people,
// so a release step is never taken by the system or anonymously.
export function personOf(actor: Actor, refusal: string): string {
  if (actor.kind !== "user" || !actor.id) throw new AppError("forbidden", refusal);
  return actor.id;
}
