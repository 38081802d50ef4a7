// npm run bench:propagation [-- --pollers 50 --rounds 20]
// How fast a kill switch reaches the relays. P simulated relays long-poll the real endpoint
// (GET /api/relay/v1/policy?wait=25 with If-None-Match, each on its own keep-alive connection,
// exactly like the reference relay); then, round after round, a sender kill switch is engaged and
// released through the management API (POST /api/v1/kill-switches, POST
// /api/v1/kill-switches/{id}/release). For each change: the time from sending the request to each
// poller holding the new version → p50 / p99 / max over all pollers × rounds (goal: p99 < 1 s).
// Baseline, side by side (the rounds alternate between targets): a bare node:http long-poll server
// (child process) whose "engage" bumps an in-memory version and wakes its waiters at once — the
// floor of a 50-way fan-out on this machine with the same pollers.
//
//   SWITCHYARD_URL (--url)               control plane base URL (default http://127.0.0.1:3000)
//   SWITCHYARD_RELAY_TOKEN (--relay-token) a relay token (npm run relay:register -- --name bench)
//   SWITCHYARD_API_TOKEN (--api-token)   an admin's API token (npm run token:create -- --email
//                                        admin@switchyard.local --name bench)
//   BENCH_DATABASE_URL + BENCH_PG_URL    optional second target: a control plane (BENCH_PG_URL) started
//                                        with DATABASE_URL=BENCH_DATABASE_URL. Its relay and API tokens
//                                        are BENCH_PG_RELAY_TOKEN / BENCH_PG_API_TOKEN, or, when not set,
//                                        minted in that database for the run and revoked after it.
//   --pollers / BENCH_POLLERS (50), --rounds / BENCH_ROUNDS (20), --sender <id> (default: the
//   first active sender without an engaged switch), --goal-ms (1000: the p99 goal)
//   --second-url / SWITCHYARD_URL_B      a second replica of the SWITCHYARD_URL control plane (same
//                                        database): its pollers are split over both, the changes are
//                                        sent to the first (npm run bench:propagation-replicas starts
//                                        two replicas itself: bench/replica-propagation.ts)
//
// Writes to the target: kill switches engaged and released (audited), so run it against a copy.
// Only loopback targets; every loop is bounded (rounds, and a 30 s timeout per change).
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { startBareLongPollServer } from "./support/bare-long-poll-server";
import { assertLoopback, loadAverage as load, percentile, httpRequest as request } from "./support/bench-common";
import { controlPlaneUrl, numberOption, pgControlPlaneUrl } from "./support/bench-options";
import { pgTargetTokens } from "./support/bench-tokens";
import { controlPlaneDatabase } from "./support/control-plane";
import { POLICY_WAIT_S, Poller } from "./support/policy-poller";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    "relay-token": { type: "string" },
    "api-token": { type: "string" },
    pollers: { type: "string" },
    rounds: { type: "string" },
    sender: { type: "string" },
    "second-url": { type: "string" },
    "goal-ms": { type: "string" },
  },
});
const POLLERS = numberOption(values.pollers, "BENCH_POLLERS", 50);
const ROUNDS = numberOption(values.rounds, "BENCH_ROUNDS", 20);
const CHANGE_TIMEOUT_MS = 30_000;
const SETTLE_MS = 250;
const GOAL_P99_MS = numberOption(values["goal-ms"], "BENCH_GOAL_MS", 1000);
const POLICY_PATH = "/api/relay/v1/policy";

// ---- targets -------------------------------------------------------------------------------------

interface Change {
  kind: "engage" | "release";
  // Sends the change; resolves with the policy version it produced.
  send: () => Promise<number>;
}

interface Target {
  name: string;
  // The pollers are spread over these, round-robin (several replicas of one control plane).
  pollUrls: string[];
  relayHeaders: Record<string, string>;
  // Each round: the changes to measure, in order.
  changes: (round: number) => Change[];
  cleanup: () => Promise<void>;
  pollers: Poller[];
  samples: { engage: number[]; release: number[] };
  apiMs: number[];
  // From the API's answer to the poller holding the version (the fan-out alone; negative when a
  // poller had it before the answer arrived).
  afterAnswer: number[];
  // Samples by the poll URL the poller used (index in pollUrls): the replica that took the change
  // first, then the others (their pollers learn of it through NOTIFY).
  byReplica: number[][];
  missed: number;
}

async function controlPlaneTarget(
  label: string,
  baseUrl: string,
  relayToken: string,
  apiToken: string,
  senderArg?: string,
  otherReplicas: string[] = [],
): Promise<Target> {
  assertLoopback(baseUrl);
  for (const url of otherReplicas) assertLoopback(url);
  const api = { Authorization: `Bearer ${apiToken}`, "Content-Type": "application/json" };
  const database = await controlPlaneDatabase(baseUrl);
  const probe = await request(`${baseUrl}${POLICY_PATH}`, { headers: { Authorization: `Bearer ${relayToken}` } });
  if (probe.status !== 200)
    throw new Error(`${label}: GET ${POLICY_PATH} answered ${probe.status}: ${probe.body.slice(0, 200)}`);
  const switches = await request(`${baseUrl}/api/v1/kill-switches`, { headers: api });
  if (switches.status !== 200)
    throw new Error(`${label}: GET /api/v1/kill-switches answered ${switches.status}: ${switches.body.slice(0, 200)}`);
  const engagedTargets = new Set(
    (JSON.parse(switches.body) as { engaged: { targetId: string | null }[] }).engaged.map((s) => s.targetId),
  );
  let senderId = senderArg;
  if (!senderId) {
    const list = await request(`${baseUrl}/api/v1/senders?status=active`, { headers: api });
    if (list.status !== 200)
      throw new Error(`${label}: GET /api/v1/senders answered ${list.status}: ${list.body.slice(0, 200)}`);
    senderId = (JSON.parse(list.body) as { senders: { id: string }[] }).senders.find(
      (s) => !engagedTargets.has(s.id),
    )?.id;
    if (!senderId) throw new Error(`${label}: no active sender without an engaged kill switch.`);
  }
  let engaged: string | null = null;
  const post = async (path: string, body: unknown, expected: number) => {
    const answer = await request(`${baseUrl}${path}`, { method: "POST", headers: api, body: JSON.stringify(body) });
    if (answer.status !== expected)
      throw new Error(`${label}: POST ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    return JSON.parse(answer.body) as { killSwitch: { id: string }; policyVersion: number };
  };
  const replicas = [baseUrl, ...otherReplicas];
  return {
    name:
      replicas.length > 1
        ? `Next, ${database}, ${replicas.length} replicas (${replicas.map((u) => new URL(u).host).join(" + ")}), changes on the first`
        : `Next, ${database} (${new URL(baseUrl).host})`,
    pollUrls: replicas.map((url) => `${url}${POLICY_PATH}`),
    relayHeaders: { Authorization: `Bearer ${relayToken}` },
    changes: (round) => [
      {
        kind: "engage",
        send: async () => {
          const result = await post(
            "/api/v1/kill-switches",
            { scope: "sender", targetId: senderId, reason: `bench: propagation round ${round + 1}` },
            201,
          );
          engaged = result.killSwitch.id;
          return result.policyVersion;
        },
      },
      {
        kind: "release",
        send: async () => {
          const result = await post(
            `/api/v1/kill-switches/${engaged}/release`,
            { reason: `bench: propagation round ${round + 1} done` },
            200,
          );
          engaged = null;
          return result.policyVersion;
        },
      },
    ],
    cleanup: async () => {
      if (engaged)
        await post(`/api/v1/kill-switches/${engaged}/release`, { reason: "bench: cleanup" }, 200).catch(
          () => undefined,
        );
    },
    pollers: [],
    samples: { engage: [], release: [] },
    apiMs: [],
    afterAnswer: [],
    byReplica: [],
    missed: 0,
  };
}

async function bareTarget(): Promise<Target> {
  const bare = await startBareLongPollServer();
  const bump = async () =>
    (JSON.parse((await request(`${bare.url}/bump`, { method: "POST" })).body) as { policyVersion: number })
      .policyVersion;
  return {
    name: "bare node:http long-poll",
    pollUrls: [`${bare.url}${POLICY_PATH}`],
    relayHeaders: {},
    changes: () => [
      { kind: "engage", send: bump },
      { kind: "release", send: bump },
    ],
    cleanup: async () => bare.stop(),
    pollers: [],
    samples: { engage: [], release: [] },
    apiMs: [],
    afterAnswer: [],
    byReplica: [],
    missed: 0,
  };
}

// ---- measuring -----------------------------------------------------------------------------------

async function allHold(target: Target, version: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (target.pollers.every((p) => p.version >= version)) return true;
    await sleep(5);
  }
  return false;
}

async function measure(target: Target, change: Change): Promise<void> {
  // Every poller parked on the current version (its next long-poll sent).
  await sleep(SETTLE_MS);
  const sent = performance.now();
  const version = await change.send();
  const answered = performance.now();
  target.apiMs.push(answered - sent);
  await allHold(target, version, CHANGE_TIMEOUT_MS);
  target.pollers.forEach((poller, i) => {
    const at = poller.firstHeld(version);
    if (at === undefined) target.missed++;
    else {
      target.samples[change.kind].push(at - sent);
      target.afterAnswer.push(at - answered);
      const replica = i % target.pollUrls.length;
      target.byReplica[replica] ??= [];
      target.byReplica[replica].push(at - sent);
    }
  });
}

async function main(): Promise<void> {
  const baseUrl = controlPlaneUrl(values.url);
  const relayToken = values["relay-token"] ?? process.env.SWITCHYARD_RELAY_TOKEN ?? "";
  const apiToken = values["api-token"] ?? process.env.SWITCHYARD_API_TOKEN ?? "";
  if (!relayToken || !apiToken) {
    console.error(
      "Set SWITCHYARD_RELAY_TOKEN and SWITCHYARD_API_TOKEN (see the top of bench/kill-switch-propagation.ts).",
    );
    process.exit(2);
  }
  const cleanups: (() => Promise<void>)[] = [];
  const targets: Target[] = [await bareTarget()];
  const secondUrl = (values["second-url"] ?? process.env.SWITCHYARD_URL_B)?.replace(/\/$/, "");
  targets.push(
    await controlPlaneTarget(
      "SWITCHYARD_URL",
      baseUrl,
      relayToken,
      apiToken,
      values.sender,
      secondUrl ? [secondUrl] : [],
    ),
  );
  const pgDatabase = process.env.BENCH_DATABASE_URL;
  const pgUrl = pgControlPlaneUrl();
  if (pgDatabase && !pgUrl)
    console.log("BENCH_DATABASE_URL is set but BENCH_PG_URL is not: the PostgreSQL target is skipped.");
  if (pgDatabase && pgUrl) {
    const tokens = await pgTargetTokens(pgDatabase, { label: "bench-propagation", api: true });
    cleanups.push(tokens.revoke);
    targets.push(await controlPlaneTarget("BENCH_PG_URL", pgUrl, tokens.relayToken, tokens.apiToken ?? ""));
  }

  console.log(
    `Kill-switch propagation: ${POLLERS} long-polling relays (wait=${POLICY_WAIT_S}) per target, ${ROUNDS} rounds of engage + release, targets alternating.`,
  );
  console.log(`${os.cpus().length} cores, load average at start ${load()}`);
  try {
    for (const target of targets) {
      target.pollers = Array.from(
        { length: POLLERS },
        (_, i) => new Poller(target.pollUrls[i % target.pollUrls.length], target.relayHeaders),
      );
      for (const p of target.pollers) void p.run();
    }
    for (const target of targets) {
      if (!(await allHold(target, 1, 20_000)))
        throw new Error(`${target.name}: not every poller got the policy within 20 s.`);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = targets.map((_, i) => (i + round) % targets.length);
      for (const i of order) for (const change of targets[i].changes(round)) await measure(targets[i], change);
      if ((round + 1) % 5 === 0) console.log(`  ${round + 1}/${ROUNDS} rounds (load ${load()})`);
    }
  } finally {
    for (const target of targets) {
      for (const p of target.pollers) p.stop();
      await target.cleanup();
    }
    for (const cleanup of cleanups) await cleanup();
  }

  const rows = targets.map((t) => {
    const all = [...t.samples.engage, ...t.samples.release].sort((a, b) => a - b);
    const engage = [...t.samples.engage].sort((a, b) => a - b);
    const apiSorted = [...t.apiMs].sort((a, b) => a - b);
    const fanOut = [...t.afterAnswer].sort((a, b) => a - b);
    return {
      target: t.name,
      samples: all.length,
      "engage p50 ms": Number(percentile(engage, 50).toFixed(1)),
      "engage p99 ms": Number(percentile(engage, 99).toFixed(1)),
      "all p50 ms": Number(percentile(all, 50).toFixed(1)),
      "all p99 ms": Number(percentile(all, 99).toFixed(1)),
      "max ms": Number((all.at(-1) ?? Number.NaN).toFixed(1)),
      "API call p50 ms": Number(percentile(apiSorted, 50).toFixed(1)),
      "API call max ms": Number((apiSorted.at(-1) ?? Number.NaN).toFixed(1)),
      "after answer p99 ms": Number(percentile(fanOut, 99).toFixed(1)),
      "p99 per replica ms":
        t.byReplica.length > 1
          ? t.byReplica
              .map((s) =>
                percentile(
                  [...s].sort((a, b) => a - b),
                  99,
                ).toFixed(1),
              )
              .join(" / ")
          : "",
      missed: t.missed,
      "poll errors": t.pollers.reduce((n, p) => n + p.errors, 0),
    };
  });
  console.log("");
  console.table(rows);
  const bare = rows[0];
  for (const row of rows.slice(1)) {
    const p99 = row["all p99 ms"];
    console.log(
      `${row.target}: p99 ${p99} ms (goal < ${GOAL_P99_MS} ms: ${p99 < GOAL_P99_MS && row.missed === 0 ? "met" : "NOT met"}); vs bare: p50 ×${(row["all p50 ms"] / bare["all p50 ms"]).toFixed(1)}, p99 ×${(p99 / bare["all p99 ms"]).toFixed(1)}.`,
    );
  }
  console.log(
    `Times are from sending the engage/release request to the poller holding the new version; "all" = engage + release. Load average at end ${load()}.`,
  );
  if (rows.some((r) => r.missed > 0)) process.exitCode = 1;
}

await main();
