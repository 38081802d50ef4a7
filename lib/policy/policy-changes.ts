import { listenDb, onDbClose } from "@/db/client";
import { currentPolicyVersion, POLICY_CHANNEL } from "./policy-version";

// Knows the current policy version without a query per poll, and wakes long-polls when it
// changes: NOTIFY from PostgreSQL (so a change made on any app instance reaches the relays polling
// every other instance), with a check every 2 s as a safety net should a notification be missed.
const SAFETY_CHECK_MS = 2_000;

type Waiter = (version: number) => void;

interface Watcher {
  known: number;
  waiters: Set<Waiter>;
  ready: Promise<void>;
  timer?: NodeJS.Timeout;
  closed?: boolean;
}

const store = globalThis as typeof globalThis & { __switchyardPolicyWatcher?: Watcher };

function announce(watcher: Watcher, version: number): void {
  if (version <= watcher.known) return;
  watcher.known = version;
  for (const wake of watcher.waiters) wake(version);
  watcher.waiters.clear();
}

function watcher(): Watcher {
  if (store.__switchyardPolicyWatcher) return store.__switchyardPolicyWatcher;
  const created: Watcher = { known: 0, waiters: new Set(), ready: Promise.resolve() };
  created.ready = start(created).catch((error: unknown) => {
    // A start that failed (the database unreachable) is not kept: the next poll tries again,
    // instead of every later poll failing with this error until a restart.
    created.closed = true;
    if (store.__switchyardPolicyWatcher === created) store.__switchyardPolicyWatcher = undefined;
    throw error;
  });
  store.__switchyardPolicyWatcher = created;
  // Closing the database ends the watcher (its listener goes with the connection): the next use
  // starts a new one on whatever database is open then.
  onDbClose(() => {
    created.closed = true;
    clearInterval(created.timer);
    created.timer = undefined;
    if (store.__switchyardPolicyWatcher === created) store.__switchyardPolicyWatcher = undefined;
  });
  return created;
}

async function start(w: Watcher): Promise<void> {
  const unlisten = await listenDb(POLICY_CHANNEL, (payload) => announce(w, Number(payload) || 0));
  try {
    announce(w, await currentPolicyVersion());
  } catch (error) {
    await unlisten().catch(() => undefined);
    throw error;
  }
  ensureSafetyCheck(w);
}

function ensureSafetyCheck(w: Watcher): void {
  if (w.timer || w.closed) return;
  w.timer = setInterval(async () => {
    try {
      announce(w, await currentPolicyVersion());
    } catch {
      // the next tick tries again
    }
  }, SAFETY_CHECK_MS);
  w.timer.unref();
}

// Resolves with the current version as soon as it is newer than `since`, or at the timeout
// with whatever is current then.
export async function waitForPolicyVersionAbove(
  since: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<number> {
  const w = watcher();
  await w.ready;
  if (w.known > since) return w.known;
  return new Promise((resolve) => {
    const done = (version: number) => {
      clearTimeout(timer);
      w.waiters.delete(done);
      signal?.removeEventListener("abort", onAbort);
      resolve(version);
    };
    const onAbort = () => done(w.known);
    const timer = setTimeout(() => done(w.known), timeoutMs);
    signal?.addEventListener("abort", onAbort);
    w.waiters.add(done);
  });
}

export async function knownPolicyVersion(): Promise<number> {
  const w = watcher();
  await w.ready;
  return w.known;
}
