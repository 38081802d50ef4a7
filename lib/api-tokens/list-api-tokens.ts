import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { type ApiTokenView, toApiTokenView } from "./api-token-view";

export async function listApiTokens(): Promise<ApiTokenView[]> {
  const rows = await getDb()
    .select({ token: apiTokens, ownerEmail: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map((r) => toApiTokenView(r.token, r.ownerEmail));
}
