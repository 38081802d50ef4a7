import { inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dkimKeys } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { resolveAlert } from "@/lib/alerts/resolve-alert";
import { releaseExpiredKillSwitches } from "@/lib/kill-switch/release-expired";
import { buildPolicySnapshot, type PolicySnapshot } from "./build-snapshot";
import { knownPolicyVersion } from "./policy-changes";
import { SNAPSHOT_ALERT_KEY, SnapshotUnavailableError } from "./snapshot-unavailable";

// The snapshot is built once per version and served from memory as ready-made bytes.
export interface CachedSnapshot {
  version: number;
  etag: string;
  body: string;
  // The DKIM keys whose private keys the body carries (recorded as a relay's holdings when served).
  dkimKeyIds: string[];
}

// A snapshot that cannot be built is not rebuilt on every poll: hundreds of relays poll.
const FAILED_BUILD_RETRY_MS = 5_000;

interface FailedBuild {
  version: number;
  error: SnapshotUnavailableError;
  at: number;
}

const store = globalThis as typeof globalThis & {
  __switchyardSnapshot?: CachedSnapshot;
  __switchyardSnapshotBuild?: Promise<CachedSnapshot>;
  __switchyardSnapshotFailure?: FailedBuild;
};

export const etagFor = (version: number) => `"${version}"`;

// Selectors are never reused on a domain, so (domain, selector) names one key for good.
async function keyIdsOf(snapshot: PolicySnapshot): Promise<string[]> {
  const signing = snapshot.domains.filter((d) => d.dkim);
  if (!signing.length) return [];
  const rows = await getDb()
    .select({ id: dkimKeys.id, domainId: dkimKeys.domainId, selector: dkimKeys.selector })
    .from(dkimKeys)
    .where(
      inArray(
        dkimKeys.domainId,
        signing.map((d) => d.id),
      ),
    );
  const wanted = new Set(signing.map((d) => `${d.id}/${d.dkim?.selector}`));
  return rows.filter((r) => wanted.has(`${r.domainId}/${r.selector}`)).map((r) => r.id);
}

// One open alert however many polls fail (dedupe key); never lets the alert fail the answer.
async function alertUnbuildable(version: number, error: SnapshotUnavailableError): Promise<void> {
  await raiseAlert({
    kind: "policy_snapshot_unavailable",
    severity: "critical",
    subjectType: "policy",
    title: `Relays cannot get policy version ${version}: ${error.message}`,
    detail: { version, cause: error.message },
    dedupeKey: SNAPSHOT_ALERT_KEY,
  }).catch((alertError) =>
    console.error("[policy] could not raise the snapshot alert:", (alertError as Error).message),
  );
}

async function build(): Promise<CachedSnapshot> {
  await releaseExpiredKillSwitches();
  const snapshot = await buildPolicySnapshot();
  return {
    version: snapshot.version,
    etag: etagFor(snapshot.version),
    body: JSON.stringify(snapshot),
    dkimKeyIds: await keyIdsOf(snapshot),
  };
}

export async function currentSnapshot(): Promise<CachedSnapshot> {
  const version = await knownPolicyVersion();
  const cached = store.__switchyardSnapshot;
  if (cached && cached.version >= version) return cached;
  const failure = store.__switchyardSnapshotFailure;
  if (failure && failure.version === version && Date.now() - failure.at < FAILED_BUILD_RETRY_MS) throw failure.error;
  // One build at a time; concurrent pollers share it.
  store.__switchyardSnapshotBuild ??= (async () => {
    try {
      const built = await build();
      if (!store.__switchyardSnapshot || built.version >= store.__switchyardSnapshot.version)
        store.__switchyardSnapshot = built;
      if (store.__switchyardSnapshotFailure || !cached) {
        // The cause was fixed (or this instance just started): close the alert if one is open.
        store.__switchyardSnapshotFailure = undefined;
        await resolveAlert(SNAPSHOT_ALERT_KEY).catch(() => undefined);
      }
      return built;
    } catch (error) {
      if (error instanceof SnapshotUnavailableError) {
        store.__switchyardSnapshotFailure = { version, error, at: Date.now() };
        await alertUnbuildable(version, error);
      }
      throw error;
    } finally {
      store.__switchyardSnapshotBuild = undefined;
    }
  })();
  return store.__switchyardSnapshotBuild;
}
