// npm run token:create – a new management API token for an existing user; the token carries that
// user's role. In the dashboard only the owner mints their own token; this host tool may name any
// user because whoever runs it already holds the database and the deployment secret (refusing would
// protect nothing). It is recorded as the host operator's act, and the token stays bounded by its
// owner's current role on every call, and dies with the owner's disable or password reset.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { AppError, parseInput } from "@/lib/errors";
import { createApiTokenSchema } from "@/lib/validations/api-tokens";
import { hostCommand } from "./host-command";

export const tokenCreate = hostCommand({
  database: "migrated",
  args: z.strictObject({ email: z.string(), name: z.string(), days: z.string().optional() }),
  run: async ({ email, name, days }, output) => {
    const [user] = await getDb().select().from(users).where(eq(users.email, email.trim().toLowerCase()));
    if (!user) throw new AppError("not_found", `No user with email ${email}`);
    // The flags are untrusted text (--days "30"): parsed here, at the edge, with the form's schema.
    const input = parseInput(createApiTokenSchema, { userId: user.id, name, expiresInDays: days });
    const { token, view } = await createApiToken({
      actor: { ...SYSTEM_ACTOR, label: "host operator (npm run token:create)" },
      input,
    });
    output.out(`Token "${view.name}" for ${user.email} (role ${view.role}), expires ${view.expiresAt?.toISOString()}:`);
    output.out(token);
    return 0;
  },
});
