import { holdSessionLock, onDbClose, type SessionLock } from "@/db/client";
import { recordHeartbeat } from "./control-plane-nodes";
import { replicaId } from "./replica-id";

// Background jobs run on one replica: the one holding a session-level advisory lock on its own
// connection (db/session-lock.ts). The others try again every few seconds; when the leader dies,
// PostgreSQL ends its session, the lock is free, and the next try elsewhere takes it over. If the
// leader's lock connection fails, it stops being leader at once (isLeader() turns false before the
// next job tick), even though another replica may only take over at its next try. On PGlite (one
// process) the process always leads. Every try also records this replica's heartbeat in
// control_plane_nodes.
const LEADERSHIP_LOCK_KEY = 0x5377_4a6f_6273n; // "SwJobs": one key per database, for the jobs
export const LEADERSHIP_TRY_EVERY_MS = 3_000;

interface Leadership {
  lock: SessionLock | null;
  timer?: NodeJS.Timeout;
  busy: boolean;
  stopped: boolean;
}

const store = globalThis as typeof globalThis & { __switchyardLeadership?: Leadership };

export function isLeader(): boolean {
  return Boolean(store.__switchyardLeadership?.lock);
}

export interface LeadershipFacts {
  replicaId: string;
  // "off": this process runs no background jobs (SWITCHYARD_JOBS=off) and never leads.
  jobs: "on" | "off";
  leader: boolean;
}

export function leadershipFacts(): LeadershipFacts {
  const running = store.__switchyardLeadership;
  return { replicaId: replicaId().id, jobs: running ? "on" : "off", leader: isLeader() };
}

async function tryOnce(state: Leadership): Promise<void> {
  if (state.busy || state.stopped) return;
  state.busy = true;
  try {
    if (state.lock && !(await state.lock.check())) state.lock = null;
    if (!state.lock) {
      const lock = await holdSessionLock(LEADERSHIP_LOCK_KEY, () => {
        if (state.lock !== lock) return;
        state.lock = null;
        console.error("[jobs] lost the leadership connection: background jobs stop here.");
      });
      if (lock && state.stopped) await lock.release();
      else if (lock) {
        state.lock = lock;
        console.log(`[jobs] ${replicaId().id} leads the background jobs.`);
      }
    }
    await recordHeartbeat(replicaId(), Boolean(state.lock));
  } catch (error) {
    console.error("[jobs] leadership heartbeat failed:", (error as Error).message);
  } finally {
    state.busy = false;
  }
}

export function startLeadership(): void {
  if (store.__switchyardLeadership) return;
  const state: Leadership = { lock: null, busy: false, stopped: false };
  store.__switchyardLeadership = state;
  void tryOnce(state);
  state.timer = setInterval(() => void tryOnce(state), LEADERSHIP_TRY_EVERY_MS);
  state.timer.unref();
  // Closing the database ends the leadership with it (its lock goes with the connection).
  onDbClose(() => stopLeadership());
}

export async function stopLeadership(): Promise<void> {
  const state = store.__switchyardLeadership;
  if (!state) return;
  store.__switchyardLeadership = undefined;
  state.stopped = true;
  clearInterval(state.timer);
  const lock = state.lock;
  state.lock = null;
  await lock?.release();
}
