// npm run bench:misuse [-- --rounds 5 --burst 200 --connections 4]
// Detection latency of misuse detection, end to end: the real Haraka relay with our plugin, the
// real control plane's relay API (its own route handlers and policy long-poll, in this process,
// over a fresh in-memory database) and a sink, on loopback. Each round: a new sender set to
// auto-suspend on volume spikes, with a week of history at 10 messages an hour, bursts `burst`
// messages over `connections` connections as fast as the relay takes them. Measured per round:
//   crossed  – the accepted message that put the last hour above 5 × 10/h (and the floor, 50)
//   engaged  – the kill switch engaged by "system (detector)" (its engagedAt)
//   refused  – the relay's first 550 to the sender
// Printed: spike start → engaged, threshold crossed → engaged, engaged → refused (median, max),
// and how many messages got through. Leaves nothing behind (temporary directories, memory DB).
import { parseArgs } from "node:util";
import { loadAverage, median } from "./support/bench-common";
import { numberOption } from "./support/bench-options";

process.env.SWITCHYARD_LOG_LEVEL ??= "warn";
const { values } = parseArgs({
  options: { rounds: { type: "string" }, burst: { type: "string" }, connections: { type: "string" } },
});
const ROUNDS = numberOption(values.rounds, "BENCH_ROUNDS", 5);
const BURST = numberOption(values.burst, "BENCH_BURST", 200);
const CONNECTIONS = numberOption(values.connections, "BENCH_CONNECTIONS", 4);

async function main() {
  delete process.env.DATABASE_URL;
  // Imported after the environment is set: the stack opens its own in-memory database.
  const { startMisuseStack, spikeOnce } = await import("../tests/relay/support/misuse-stack");
  const stack = await startMisuseStack();
  const rows: { total: number; detect: number; enforce: number; accepted: number }[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const r = await spikeOnce(stack, { name: `Bench sender ${round}`, burst: BURST, connections: CONNECTIONS });
      const row = {
        total: r.refusedMs,
        detect: r.engagedMs - r.crossedMs,
        enforce: r.refusedMs - r.engagedMs,
        accepted: r.accepted,
      };
      rows.push(row);
      console.log(
        `round ${round}: threshold crossed at ${r.crossedMs.toFixed(0)} ms, engaged at ${r.engagedMs} ms ` +
          `(+${row.detect.toFixed(0)} ms), relay refused at ${r.refusedMs.toFixed(0)} ms (+${row.enforce.toFixed(0)} ms); ` +
          `${r.accepted} accepted`,
      );
    }
  } finally {
    await stack.stop();
  }
  const fmt = (pick: (r: (typeof rows)[number]) => number) => {
    const xs = rows.map(pick);
    return `median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
  };
  console.log(`\nmisuse detection, ${ROUNDS} rounds, burst ${BURST} over ${CONNECTIONS} connections, baseline 10/h`);
  console.log(`  threshold crossed → kill switch engaged: ${fmt((r) => r.detect)}`);
  console.log(`  kill switch engaged → relay refuses:     ${fmt((r) => r.enforce)}`);
  console.log(`  spike start → relay refuses:             ${fmt((r) => r.total)}`);
  console.log(`  messages accepted before the stop: median ${median(rows.map((r) => r.accepted))}`);
  console.log(`  load average: ${loadAverage()}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
