import { asc, gt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { auditChainHead, auditLog } from "@/db/schema";
import { GENESIS_HASH, hashEntry } from "./hash-entry";

const PAGE_SIZE = 2000;

export type ChainVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenSeq: number; problem: string };

// Recomputes every hash from the genesis hash on, page by page, and names the first entry whose
// stored link or hash does not match (or a gap in the sequence, or a head that points elsewhere).
export async function verifyAuditChain(db: Executor): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(PAGE_SIZE);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          entries: checked,
          brokenSeq: expectedSeq,
          problem: `entry ${expectedSeq} is missing (next is ${row.seq})`,
        };
      }
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          entries: checked,
          brokenSeq: row.seq,
          problem: "its link to the previous entry does not match",
        };
      }
      const { hash, ...fields } = row;
      if (hashEntry(fields) !== hash) {
        return {
          ok: false,
          entries: checked,
          brokenSeq: row.seq,
          problem: "its content does not match its hash (edited)",
        };
      }
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < PAGE_SIZE) break;
  }
  const [head] = await db.select().from(auditChainHead);
  if (head && (head.lastSeq !== checked || head.lastHash !== prevHash)) {
    return {
      ok: false,
      entries: checked,
      brokenSeq: checked + 1,
      problem: `the chain head says ${head.lastSeq} entries; entries after ${checked} were removed`,
    };
  }
  return { ok: true, entries: checked };
}
