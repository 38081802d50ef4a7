import { eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type RecertificationRequest, recertificationRequests, recertifications } from "@/db/schema";
import { loadSenderScope, type SenderScope } from "./sender-scope";
import { tokenVerifier } from "./token";

export type RequestLookup =
  | { state: "open"; request: RecertificationRequest; scope: SenderScope }
  | { state: "used"; answeredAt: Date | null; outcome: string | null }
  | { state: "expired"; expiresAt: Date }
  | { state: "not_found" };

// What a link leads to. An unknown token is "not_found" with nothing else: a guess learns nothing.
export async function findRecertificationRequest(
  token: string,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Executor } = {},
): Promise<RequestLookup> {
  const [request] = await db
    .select()
    .from(recertificationRequests)
    .where(eq(recertificationRequests.tokenVerifier, tokenVerifier(token)));
  if (!request) return { state: "not_found" };
  if (request.usedAt) {
    const [answer] = await db
      .select({ at: recertifications.confirmedAt, outcome: recertifications.outcome })
      .from(recertifications)
      .where(eq(recertifications.requestId, request.id));
    return { state: "used", answeredAt: answer?.at ?? request.usedAt, outcome: answer?.outcome ?? null };
  }
  if (request.expiresAt <= now) return { state: "expired", expiresAt: request.expiresAt };
  const scope = await loadSenderScope(request.senderId, db);
  if (!scope) return { state: "not_found" };
  return { state: "open", request, scope };
}
