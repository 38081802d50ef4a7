// The five roles; plain data so client components can import it without the database schema.
export const ROLES = ["admin", "security", "infra", "comms", "auditor"] as const;
export type Role = (typeof ROLES)[number];
