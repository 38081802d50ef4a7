// npm run audit:verify – recomputes the audit hash chain and names the first broken entry.
import { closeDb, getDb } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify-chain";

const verdict = await verifyAuditChain(getDb());
await closeDb();
if (verdict.ok) {
  console.log(`Audit chain intact: ${verdict.entries} entries verified.`);
} else {
  console.error(`Audit chain BROKEN at entry ${verdict.brokenSeq}: ${verdict.problem}. ${verdict.entries} entries before it verified.`);
  process.exit(1);
}
