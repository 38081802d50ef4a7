// npm run sink [-- --host 127.0.0.1 --port 2526 --dir .data/sink]
// The demo's next hop: stores every message it receives (see sink-server.ts).
import { parseArgs } from "node:util";
import { DEFAULT_SINK_DIR, DEFAULT_SINK_PORT, startSink } from "./sink-server";

const { values } = parseArgs({
  options: { host: { type: "string" }, port: { type: "string" }, dir: { type: "string" } },
});

const host = values.host ?? process.env.SINK_HOST ?? "127.0.0.1";
const port = Number(values.port ?? process.env.SINK_PORT ?? DEFAULT_SINK_PORT);
const dir = values.dir ?? process.env.SINK_DIR ?? DEFAULT_SINK_DIR;

try {
  const sink = await startSink({
    host,
    port,
    dir,
    onMessage: (m) =>
      console.log(
        `${m.receivedAt}  ${m.from} → ${m.to.join(", ")}  ${m.subject ?? "(no subject)"}  ${m.size} B${m.dkimSignature ? "  DKIM" : ""}`,
      ),
  });
  console.log(`Mail sink listening on ${sink.host}:${sink.port}, storing in ${dir}. List with: npm run sink:list`);
  const stop = () => sink.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (err) {
  console.error(`Cannot start the sink on ${host}:${port}: ${(err as Error).message}`);
  process.exit(1);
}
