import { z } from "zod";
import { MISUSE_REACTIONS, MISUSE_RULES } from "@/db/schema";

export const setMisuseReactionSchema = z.object({
  senderId: z.uuid("Choose a sender"),
  rule: z.enum(MISUSE_RULES, { error: `Rule must be one of: ${MISUSE_RULES.join(", ")}` }),
  reaction: z.enum(MISUSE_REACTIONS, { error: "Reaction must be alert or suspend" }),
});

export type SetMisuseReactionInput = z.infer<typeof setMisuseReactionSchema>;
