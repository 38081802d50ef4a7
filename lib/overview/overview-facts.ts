import { dbInfo } from "@/db/client";
import { countAudit, listAudit } from "@/lib/audit/list-audit";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { countUsersByRole } from "@/lib/users/list-users";
import { deliverabilityFacts } from "./deliverability-facts";

// The facts the Overview shows today; later capabilities add theirs here.
export async function overviewFacts({ now = new Date() }: { now?: Date } = {}) {
  const [usersByRole, auditEntries, policyVersion, recent, deliverability] = await Promise.all([
    countUsersByRole(),
    countAudit(),
    currentPolicyVersion(),
    listAudit({ limit: 8 }),
    deliverabilityFacts({ now }),
  ]);
  return { usersByRole, auditEntries, policyVersion, recentAudit: recent.entries, database: dbInfo(), deliverability };
}
