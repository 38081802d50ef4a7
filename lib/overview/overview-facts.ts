import { dbInfo } from "@/db/client";
import { countAudit, listAudit } from "@/lib/audit/list-audit";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { countUsersByRole } from "@/lib/users/list-users";

// The facts the Overview shows today; later capabilities add theirs here.
export async function overviewFacts() {
  const [usersByRole, auditEntries, policyVersion, recent] = await Promise.all([
    countUsersByRole(),
    countAudit(),
    currentPolicyVersion(),
    listAudit({ limit: 8 }),
  ]);
  return { usersByRole, auditEntries, policyVersion, recentAudit: recent.entries, database: dbInfo() };
}
