// npm run user:create – a user for a real deployment (the first admin of an empty database too).
// Without a password a strong one is generated and printed once; there is no default password.
import { z } from "zod";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { parseInput } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { createUserSchema } from "@/lib/validations/users";
import { hostCommand } from "./host-command";

export const userCreate = hostCommand({
  database: "migrated",
  args: z.strictObject({
    role: z.string(),
    email: z.string(),
    name: z.string().optional(),
    password: z.string().optional(),
  }),
  run: async ({ role, email, name, password }, output) => {
    // The flags are untrusted text: parsed here, at the edge, with the dashboard form's schema.
    const input = parseInput(createUserSchema, { email, role, name: name ?? email.split("@")[0], password });
    const { user, generatedPassword } = await createUser({
      actor: { ...SYSTEM_ACTOR, label: "cli user:create" },
      input,
    });
    output.out(`Created ${user.role} ${user.email}`);
    if (generatedPassword) output.out(`Password (shown once): ${generatedPassword}`);
    return 0;
  },
});
