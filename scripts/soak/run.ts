// npm run soak -- [--minutes 10] [--rate 6] [--short] [--report file.json] [--keep]
// A soak test with faults (not part of npm test): a fresh PostgreSQL database, 2 dashboard
// replicas, 4 reference relays sharing Redis, and sustained SMTP traffic from several senders,
// while it restarts a replica, restarts PostgreSQL, stops Redis and kills a relay with -9. After a
// drain it checks that every accepted message was delivered exactly once (or bounced), that every
// spooled event is in the database exactly once, and that each sender's limit held within 1 %;
// it reports the memory of every process. Exit code 1 when a check fails.
// It restarts the machine's PostgreSQL and Redis: run it where that is acceptable (CI, a test host).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { errorLine } from "@/lib/host-commands/error-line";
import { listMessages } from "@/relay/sink/sink-store";
import { buildIfNeeded } from "../lib/build-stamp";
import { checkEvents, checkLimits, checkMessages } from "./checks";
import { createDatabase, dropDatabase, SERVER_URL, seedSoak, storedEvents } from "./database";
import { type Fault, killRelay, restartPostgres, restartReplica, runFaults, stopRedis } from "./faults";
import { drain, type Fleet, REPLICAS, startFleet } from "./fleet";
import { FAULT_NAMES, type FaultName, soakOptions } from "./options";
import { failuresOf, printReport, type SoakReport, writeReport } from "./report";
import { RssTable } from "./rss";
import { dropRedisKeys, REDIS_URL, startRedisServer } from "./servers";
import { planSenders, Traffic } from "./traffic";

const RELAY_NAMES = ["soak-relay-1", "soak-relay-2", "soak-relay-3", "soak-relay-4"];

async function main(): Promise<number> {
  const options = soakOptions();
  const started = Date.now();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-soak-"));
  const dbName = `sy_soak_${started}`;
  const redisPrefix = `soak-${started}:`;
  // Everything the soak starts inherits this environment (replicas, and Haraka via spawnHaraka).
  Object.assign(process.env, {
    DATABASE_URL: `${SERVER_URL}/${dbName}`,
    SWITCHYARD_SECRET: randomBytes(48).toString("base64"),
    SWITCHYARD_DATA_DIR: path.join(runDir, "data"),
    REDIS_URL,
    SWITCHYARD_REDIS_PREFIX: redisPrefix,
  });
  console.log(`[soak] run directory ${runDir}, database ${dbName}`);
  await buildIfNeeded({ ...process.env, NODE_ENV: "production" });
  await createDatabase(dbName);
  let fleet: Fleet | undefined;
  let report: SoakReport | undefined;
  try {
    const { senders, relays: registered } = await seedSoak(RELAY_NAMES);
    fleet = await startFleet(runDir, registered, process.env);
    const { replicas, relays } = fleet;
    const rss = new RssTable();
    const name = (n: string) => n.replace(/^soak-/, "");
    const restarted = (n: string, pid: number | undefined) => rss.start(name(n), pid);

    const plans = planSenders(senders, options.rate);
    const traffic = new Traffic(started.toString(36), relays);
    for (const r of [...replicas, ...relays]) restarted(r.name, r.pid());
    const trafficStart = Date.now();
    console.log(
      `[soak] traffic for ${options.trafficMs / 1000} s: ${plans.map((p) => `${p.name} ${(p.perSecond * 60).toFixed(0)}/min (limit ${p.perMinute})`).join(", ")}`,
    );
    traffic.start(plans);
    const faultsByName: Record<FaultName, Fault> = {
      replica: restartReplica(replicas[0], restarted),
      postgres: restartPostgres(process.env.DATABASE_URL as string),
      redis: stopRedis(options.redisOutageMs),
      relay: killRelay(relays[relays.length - 1], options.relayDownMs, restarted),
    };
    const chosen = FAULT_NAMES.filter((f) => !options.skip.includes(f)).map((f) => faultsByName[f]);
    const faults = runFaults(chosen, trafficStart, options.trafficMs);
    await new Promise((r) => setTimeout(r, options.trafficMs));
    const faultResults = await faults;
    await traffic.stop();
    for (const r of [...replicas, ...relays]) rss.end(name(r.name), r.pid());

    console.log("[soak] traffic stopped; draining queues and spools…");
    const drainStart = Date.now();
    const leftAfterDrain = await drain(relays, options.drainTimeoutMs);
    const drainSeconds = Math.round((Date.now() - drainStart) / 1000);
    const spooled = new Map([...fleet.archives].map(([id, archive]) => [id, archive.events()]));
    const stored = await storedEvents();
    const sink = listMessages(fleet.sink.dir);

    const figures = {
      run: {
        startedAt: new Date(started).toISOString(),
        trafficMinutes: options.trafficMs / 60_000,
        rate: options.rate,
        short: options.short,
        relays: relays.length,
        replicas: REPLICAS.length,
        wallSeconds: Math.round((Date.now() - started) / 1000),
        drainSeconds,
        drained: leftAfterDrain.length === 0,
        leftAfterDrain,
        runDir,
        skippedFaults: options.skip,
      },
      messages: checkMessages(
        traffic.sent,
        sink,
        stored,
        relays.flatMap((r) => (r.killedAt ? [{ relay: r.name, atMs: r.killedAt }] : [])),
      ),
      events: checkEvents(spooled, stored, traffic.sent, sink),
      faults: faultResults,
      limits: checkLimits(plans, traffic.sent),
      rss: rss.list(),
    };
    const failures = failuresOf(figures);
    report = { ok: failures.length === 0, failures, ...figures };
  } finally {
    await fleet?.stop();
    await startRedisServer();
  }
  printReport(report);
  if (options.reportFile) writeReport(options.reportFile, report);
  if (report.ok && !options.keep) {
    await dropDatabase(dbName);
    await dropRedisKeys(redisPrefix);
    fs.rmSync(runDir, { recursive: true, force: true });
  } else console.log(`[soak] kept ${runDir} and database ${dbName} for inspection`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Soak failed to run: ${errorLine(error)}`);
    startRedisServer().finally(() => process.exit(1));
  },
);
