// The five roles; plain data (no drizzle import) so client components can import it through
// lib/auth/roles without the rest of the database schema.
export const ROLES = ["admin", "security", "infra", "comms", "auditor"] as const;
export type Role = (typeof ROLES)[number];
