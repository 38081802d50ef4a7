import { z } from "zod";
import { userIdSchema } from "./users";

// Marks (or unmarks) an admin account as the break-glass account: the one that may still sign in
// with a password when local sign-in is off.
export const setBreakGlassSchema = z.object({
  userId: userIdSchema,
  breakGlass: z.preprocess(
    (v) => (v === "true" || v === "on" ? true : v === "false" || v === "off" ? false : v),
    z.boolean({ error: "breakGlass must be true or false" }),
  ),
});

export type SetBreakGlassInput = z.infer<typeof setBreakGlassSchema>;
