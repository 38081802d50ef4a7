import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Role } from "@/db/schema";
import { users } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { recordPendingPolicyVersions } from "@/lib/policy-history/record-content";
import { startMode } from "@/lib/server/config/start-mode";
import { setSetting } from "@/lib/settings/settings";
import { createUser } from "@/lib/users/create-user";
import { seedDemoNotifications } from "./demo-notifications";
import { seedDemoRegistry } from "./demo-registry";

// Demo logins, only ever created by the demo seed on an empty database.
export const DEMO_USERS: { email: string; name: string; role: Role; password: string }[] = [
  { email: "admin@switchyard.local", name: "Ada Admin", role: "admin", password: "demo-admin-password" },
  { email: "security@switchyard.local", name: "Sam Security", role: "security", password: "demo-security-password" },
  { email: "infra@switchyard.local", name: "Ian Infra", role: "infra", password: "demo-infra-password" },
  { email: "comms@switchyard.local", name: "Cora Comms", role: "comms", password: "demo-comms-password" },
  { email: "auditor@switchyard.local", name: "Aud Auditor", role: "auditor", password: "demo-auditor-password" },
];

export type SeedOutcome = { seeded: true } | { seeded: false; reason: "not-demo" | "has-users" };

export async function countUsers(): Promise<number> {
  const [{ n }] = await getDb().select({ n: sql<number>`count(*)::int` }).from(users);
  return n;
}

// Demo data goes only into an empty database, and only in demo mode (embedded database, or
// SWITCHYARD_DEMO=1): a real deployment never gets the published logins.
export async function seedDemo({ demo }: { demo: boolean } = startMode()): Promise<SeedOutcome> {
  if (!demo) return { seeded: false, reason: "not-demo" };
  if ((await countUsers()) > 0) return { seeded: false, reason: "has-users" };
  const seeder = { ...SYSTEM_ACTOR, label: "demo seed" };
  for (const user of DEMO_USERS) {
    await createUser({ actor: seeder, input: user });
  }
  // The demo logins are published passwords for trying things out: two-factor sign-in is not
  // required for any role here (Settings shows mfa.requiredRoles empty; a real deployment keeps
  // the default, admin and security). Audited like any setting change.
  await setSetting({ actor: seeder, key: "mfa.requiredRoles", value: [] });
  await seedDemoRegistry();
  await seedDemoNotifications();
  // The policy history of the demo registry, at once (the server's recorder would within seconds).
  await recordPendingPolicyVersions();
  return { seeded: true };
}
