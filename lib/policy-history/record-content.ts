import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { policyVersionContents } from "@/db/schema";
import { asJson, buildPolicyContent } from "./content";
import type { JsonObject } from "./patch";
import { contentFromRows, contentHash, storedRowFor } from "./stored-content";

// The last content this process recorded: the next bump diffs against it instead of rebuilding.
// It may belong to a transaction that rolled back, so it is used only when its hash is the one
// stored for that version.
interface Recorded {
  version: number;
  hash: string;
  content: JsonObject;
}
const store = globalThis as typeof globalThis & { __switchyardPolicyContent?: Recorded };

async function storedHash(tx: Executor, version: number): Promise<string | null> {
  const rows = await tx.execute<{ hash: string | null }>(
    sql`select patch->>'hash' as hash from policy_version_contents where version = ${version}`,
  );
  return rows.rows[0]?.hash ?? null;
}

async function previousContent(tx: Executor, version: number): Promise<JsonObject | null> {
  const hash = await storedHash(tx, version);
  if (!hash) return null;
  const cached = store.__switchyardPolicyContent;
  if (cached && cached.version === version && cached.hash === hash) return cached.content;
  const rebuilt = await contentFromRows(tx, version);
  // A chain that does not rebuild to its own hash is not patched onto: start a checkpoint.
  return rebuilt && contentHash(rebuilt) === hash ? rebuilt : null;
}

// Called by bumpPolicyVersion at the end, inside the change's transaction (after the advisory
// lock, so versions are recorded one at a time and the version before is committed): the content
// read there is exactly what commits with this version.
export async function recordPolicyContent(tx: Executor, version: number): Promise<void> {
  // A JSON round trip: what is diffed and cached is exactly what jsonb gives back.
  const content = JSON.parse(JSON.stringify(asJson(await buildPolicyContent(tx)))) as JsonObject;
  const previous = version > 1 ? await previousContent(tx, version - 1) : null;
  const row = storedRowFor(version, previous, content);
  await tx.insert(policyVersionContents).values(row);
  store.__switchyardPolicyContent = { version, hash: row.patch.hash, content };
}

// The recording must never stop the change itself (a kill switch above all): it runs in a
// savepoint, and a failure leaves this version without content (the next one is then a checkpoint).
export async function recordPolicyContentSafely(tx: Executor, version: number): Promise<void> {
  try {
    await tx.transaction((sp) => recordPolicyContent(sp, version));
  } catch (error) {
    console.error(`[policy-history] content of version ${version} not recorded:`, (error as Error).message);
  }
}
