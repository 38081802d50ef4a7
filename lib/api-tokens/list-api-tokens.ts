import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { type ApiTokenView, toApiTokenView } from "./api-token-view";

// Every token, newest first; with ownerId only that user's (what a user without tokens:read sees).
export async function listApiTokens({ ownerId }: { ownerId?: string } = {}): Promise<ApiTokenView[]> {
  const rows = await getDb()
    .select({ token: apiTokens, ownerEmail: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(ownerId ? eq(apiTokens.userId, ownerId) : undefined)
    .orderBy(desc(apiTokens.createdAt));
  return rows.map((r) => toApiTokenView(r.token, r.ownerEmail));
}
