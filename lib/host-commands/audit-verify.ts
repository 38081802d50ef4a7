// npm run audit:verify – recomputes the audit hash chain and names the first broken entry (exit 1).
import { z } from "zod";
import { getDb } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { hostCommand } from "./host-command";

export const auditVerify = hostCommand({
  // A check must not change what it checks: no migrations first.
  database: "as-is",
  args: z.strictObject({}),
  run: async (_args, output) => {
    const verdict = await verifyAuditChain(getDb());
    if (verdict.ok) {
      output.out(`Audit chain intact: ${verdict.entries} entries verified.`);
      return 0;
    }
    output.err(
      `Audit chain BROKEN at entry ${verdict.brokenSeq}: ${verdict.problem}. ${verdict.entries} entries before it verified.`,
    );
    return 1;
  },
});
