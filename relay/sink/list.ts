// npm run sink:list [-- --dir <data dir>/sink] [--json]
// Prints what the local mail sink received, newest last. By default it reads the sink `npm start`
// runs: <SWITCHYARD_DATA_DIR>/sink.
import path from "node:path";
import { parseArgs } from "node:util";
import { dataDir } from "@/lib/server/config/paths";
import { listMessages } from "./sink-store";

const { values } = parseArgs({ options: { dir: { type: "string" }, json: { type: "boolean" } } });
const dir = values.dir ?? process.env.SINK_DIR ?? path.join(dataDir(), "sink");
const messages = listMessages(dir);

if (values.json) {
  console.log(JSON.stringify(messages, null, 2));
} else if (messages.length === 0) {
  console.log(`No messages in ${dir}.`);
} else {
  const cut = (s: string | null, n: number) => {
    const text = s ?? "";
    return text.length > n ? `${text.slice(0, n - 1)}…` : text;
  };
  console.table(
    messages.map((m) => ({
      received: m.receivedAt.replace("T", " ").slice(0, 19),
      from: cut(m.from, 32),
      to: cut(m.to.join(", "), 32),
      subject: cut(m.subject, 36),
      size: m.size,
      dkim: m.dkimSignature ? "yes" : "no",
      file: m.file,
    })),
  );
  console.log(`${messages.length} message(s) in ${dir}`);
}
