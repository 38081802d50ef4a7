// npm run audit:verify – recomputes the audit hash chain and names the first broken entry.
import { getDb } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { runCli } from "./lib/run-cli";

await runCli(async () => {
  const verdict = await verifyAuditChain(getDb());
  if (verdict.ok) {
    console.log(`Audit chain intact: ${verdict.entries} entries verified.`);
    return 0;
  }
  console.error(
    `Audit chain BROKEN at entry ${verdict.brokenSeq}: ${verdict.problem}. ${verdict.entries} entries before it verified.`,
  );
  return 1;
}, "as-is");
