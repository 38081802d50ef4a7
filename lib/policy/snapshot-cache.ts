import { releaseExpiredKillSwitches } from "@/lib/kill-switch/release-expired";
import { buildPolicySnapshot } from "./build-snapshot";
import { knownPolicyVersion } from "./policy-changes";

// The snapshot is built once per version and served from memory as ready-made bytes.
export interface CachedSnapshot {
  version: number;
  etag: string;
  body: string;
}

const store = globalThis as typeof globalThis & { __switchyardSnapshot?: CachedSnapshot; __switchyardSnapshotBuild?: Promise<CachedSnapshot> };

export const etagFor = (version: number) => `"${version}"`;

export async function currentSnapshot(): Promise<CachedSnapshot> {
  const version = await knownPolicyVersion();
  const cached = store.__switchyardSnapshot;
  if (cached && cached.version >= version) return cached;
  // One build at a time; concurrent pollers share it.
  store.__switchyardSnapshotBuild ??= (async () => {
    try {
      await releaseExpiredKillSwitches();
      const snapshot = await buildPolicySnapshot();
      const built = { version: snapshot.version, etag: etagFor(snapshot.version), body: JSON.stringify(snapshot) };
      if (!store.__switchyardSnapshot || built.version >= store.__switchyardSnapshot.version) store.__switchyardSnapshot = built;
      return built;
    } finally {
      store.__switchyardSnapshotBuild = undefined;
    }
  })();
  return store.__switchyardSnapshotBuild;
}
