import { sql } from "drizzle-orm";
import { type Executor, getDb, listenDb, onDbClose } from "@/db/client";
import { policyVersionContents } from "@/db/schema";
import { POLICY_CHANNEL } from "@/lib/policy/policy-version";
import { asJson, buildPolicyContent } from "./content";
import type { JsonObject } from "./patch";
import { contentFromRows, contentHash, storedRowFor } from "./stored-content";

// The recorder: after changes commit, it stores the content of the newest version not yet recorded.
// It is off the changes' path (bumpPolicyVersion only bumps): at 10,000 senders the content takes
// seconds to build, and a kill switch must not wait for it.
//
// Exact without the version lock: one transaction at REPEATABLE READ reads the newest version and
// builds the content from one snapshot. A change bumps the version in its own transaction, so that
// snapshot holds every change of every version it sees and none of the later ones: the content is
// exactly what that newest version contained. Versions committed since the last recorded one that
// the recorder never saw alone (a burst) get no row: their changes are recorded together in this one
// (its patch is from the last recorded version; `recordedIn` in the version list names it).

// The last content this process recorded: the next run diffs against it instead of rebuilding.
// It is used only when its hash is the one stored for that version.
interface Recorded {
  version: number;
  hash: string;
  content: JsonObject;
}
const store = globalThis as typeof globalThis & {
  __switchyardPolicyContent?: Recorded;
  __switchyardPolicyRecorder?: { running: Promise<RecordResult> | null; again: boolean };
};

export type RecordResult =
  | { status: "recorded"; version: number; from: number | null }
  | { status: "up-to-date" }
  | { status: "busy" };

async function previousContent(tx: Executor, version: number, hash: string): Promise<JsonObject | null> {
  const cached = store.__switchyardPolicyContent;
  if (cached && cached.version === version && cached.hash === hash) return cached.content;
  const rebuilt = await contentFromRows(tx, version);
  // A chain that does not rebuild to its own hash is not patched onto: start a checkpoint.
  return rebuilt && contentHash(rebuilt) === hash ? rebuilt : null;
}

const LOCK_NOT_AVAILABLE = "55P03";

// One run, in its own transaction. Only one recorder at a time (across processes): LOCK TABLE …
// NOWAIT on the contents table, which only recorders write (readers take ACCESS SHARE, not blocked).
// A table lock rather than an advisory lock because LOCK TABLE is the one statement that does not
// take the REPEATABLE READ snapshot: the snapshot starts after the lock is held, so it sees what
// the previous recorder committed (an advisory lock is taken by a SELECT, whose snapshot could
// predate the previous recorder's commit and chain onto the wrong version). Busy: skip (the holder
// records; the background job comes back).
// On PGlite (one connection, its transactions exclusive) the isolation level and the lock change
// nothing: no other statement runs while the recorder's transaction does.
export async function recordPendingPolicyVersions(db: Executor = getDb()): Promise<RecordResult> {
  try {
    return await db.transaction(
      async (tx) => {
        await tx.execute(sql`lock table ${policyVersionContents} in share row exclusive mode nowait`);
        const state = await tx.execute<{ latest: number | null; recorded: number | null; hash: string | null }>(sql`
          select (select max(version) from policy_versions) as latest,
                 c.version as recorded, c.patch->>'hash' as hash
          from (select 1) one
          left join lateral (
            select version, patch from policy_version_contents order by version desc limit 1
          ) c on true`);
        const latest = Number(state.rows[0]?.latest ?? 0);
        const recorded = state.rows[0]?.recorded == null ? null : Number(state.rows[0].recorded);
        if (!latest || (recorded !== null && recorded >= latest)) return { status: "up-to-date" } as const;
        // A JSON round trip: what is diffed and cached is exactly what jsonb gives back.
        const content = JSON.parse(JSON.stringify(asJson(await buildPolicyContent(tx)))) as JsonObject;
        const hash = state.rows[0]?.hash;
        const previous = recorded !== null && hash ? await previousContent(tx, recorded, hash) : null;
        const row = storedRowFor(latest, previous, content, undefined, recorded ?? latest - 1);
        await tx.insert(policyVersionContents).values(row);
        store.__switchyardPolicyContent = { version: latest, hash: row.patch.hash, content };
        return { status: "recorded", version: latest, from: row.patch.from } as const;
      },
      { isolationLevel: "repeatable read" },
    );
  } catch (error) {
    if (lockNotAvailable(error)) return { status: "busy" };
    throw error;
  }
}

function lockNotAvailable(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === LOCK_NOT_AVAILABLE) return true;
  return false;
}

// For triggers (NOTIFY of a bump, the background job): never throws, and calls arriving while a
// run is in progress in this process coalesce into one more run after it (a burst of bumps costs
// at most two builds here).
export function recordPendingPolicyVersionsSoon(): Promise<RecordResult> {
  store.__switchyardPolicyRecorder ??= { running: null, again: false };
  const state = store.__switchyardPolicyRecorder;
  if (state.running) {
    state.again = true;
    return state.running;
  }
  const run = async (): Promise<RecordResult> => {
    let result: RecordResult = { status: "up-to-date" };
    do {
      state.again = false;
      try {
        result = await recordPendingPolicyVersions();
      } catch (error) {
        console.error("[policy-history] content not recorded:", (error as Error).message);
      }
    } while (state.again);
    return result;
  };
  state.running = run().finally(() => {
    state.running = null;
  });
  return state.running;
}

// Started with the background jobs: NOTIFY of a committed bump (any app instance) triggers a run;
// the job every few seconds is the fallback should a notification be lost or a process die.
export async function listenForPolicyBumps(): Promise<void> {
  const flags = globalThis as typeof globalThis & { __switchyardPolicyRecorderListening?: boolean };
  if (flags.__switchyardPolicyRecorderListening) return;
  flags.__switchyardPolicyRecorderListening = true;
  onDbClose(() => {
    flags.__switchyardPolicyRecorderListening = false;
  });
  try {
    await listenDb(POLICY_CHANNEL, () => void recordPendingPolicyVersionsSoon());
  } catch (error) {
    flags.__switchyardPolicyRecorderListening = false;
    console.error("[policy-history] cannot listen for policy changes:", (error as Error).message);
  }
}
