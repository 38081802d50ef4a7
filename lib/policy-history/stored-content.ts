import { createHash } from "node:crypto";
import { and, asc, desc, gt, isNotNull, lte } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { policyVersionContents } from "@/db/schema";
import { canonicalJson } from "@/lib/audit/canonical-json";
import { applyPatch, diffObjects, type JsonObject, type ObjectPatch } from "./patch";

// A full copy whenever the recorded versions cross a multiple of CHECKPOINT_EVERY (and whenever no
// content is recorded before); otherwise only the patch from the version recorded before. Rebuilding
// a version applies at most CHECKPOINT_EVERY - 1 patches to the checkpoint before it.
export const CHECKPOINT_EVERY = 50;

export const contentHash = (content: JsonObject) => createHash("sha256").update(canonicalJson(content)).digest("hex");

// What the patch column holds: the patch from version `from`, the version recorded before (null at a
// checkpoint with nothing recorded before it), and the hash of the resulting content (checked when
// the chain is rebuilt). The recorder runs after commit: versions committed between `from` and this
// one that it never saw alone have no row; their changes are recorded together in this one.
export interface StoredPatch {
  from: number | null;
  hash: string;
  changes: ObjectPatch | null;
}

export interface StoredRow {
  version: number;
  content: JsonObject | null;
  patch: StoredPatch | null;
}

// Pure: the row stored for `version`, given the content of the version recorded before it,
// `previousVersion` (null when none is recorded). Every row carries the patch and the hash;
// checkpoints also the whole content.
export function storedRowFor(
  version: number,
  previous: JsonObject | null,
  content: JsonObject,
  checkpointEvery = CHECKPOINT_EVERY,
  previousVersion = version - 1,
): { version: number; content: JsonObject | null; patch: StoredPatch; sizeBytes: number } {
  const checkpoint =
    !previous || Math.floor(version / checkpointEvery) !== Math.floor(previousVersion / checkpointEvery);
  const patch: StoredPatch = {
    from: previous ? previousVersion : null,
    hash: contentHash(content),
    changes: previous ? diffObjects(previous, content) : null,
  };
  const sizeBytes =
    Buffer.byteLength(JSON.stringify(patch)) + (checkpoint ? Buffer.byteLength(JSON.stringify(content)) : 0);
  return { version, content: checkpoint ? content : null, patch, sizeBytes };
}

// Pure: the content of the last row, from the first row (a checkpoint) and the patches after it.
// Null when the rows do not chain (a recorded version missing, a patch from elsewhere).
export function rebuildFromRows(rows: readonly StoredRow[]): JsonObject | null {
  const [first, ...rest] = rows;
  if (!first?.content) return null;
  let content = first.content;
  let version = first.version;
  for (const row of rest) {
    if (row.version <= version || row.patch?.from !== version || !row.patch.changes) return null;
    content = applyPatch(content, row.patch.changes);
    version = row.version;
  }
  return content;
}

// The content of one version: the nearest checkpoint at or before it, then the patches up to it.
// Null when that version has no content recorded (before the history began, or a failed record).
export async function contentFromRows(db: Executor, version: number): Promise<JsonObject | null> {
  const [checkpoint] = await db
    .select({ version: policyVersionContents.version })
    .from(policyVersionContents)
    .where(and(lte(policyVersionContents.version, version), isNotNull(policyVersionContents.content)))
    .orderBy(desc(policyVersionContents.version))
    .limit(1);
  if (!checkpoint) return null;
  const rows = await db
    .select({
      version: policyVersionContents.version,
      content: policyVersionContents.content,
      patch: policyVersionContents.patch,
    })
    .from(policyVersionContents)
    .where(and(gt(policyVersionContents.version, checkpoint.version - 1), lte(policyVersionContents.version, version)))
    .orderBy(asc(policyVersionContents.version));
  if (rows[rows.length - 1]?.version !== version) return null;
  // Only the checkpoint's full copy is used; later checkpoints in between cannot occur (it is the nearest).
  return rebuildFromRows(rows as StoredRow[]);
}
