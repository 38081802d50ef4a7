// npm run demo:traffic [-- --messages 150]
// Sends realistic mail from the demo senders through the running reference relay (real SMTP), lets
// the local sink bounce and defer some recipients, and files feedback-loop complaints for one
// sender, so the deliverability charts show data that came the real way. With clamd and rspamd
// running it also sends a card number (held by DLP → Quarantine) and the EICAR test file (550 virus).
// Needs `npm start` running.

import { contentSamples, contentSamplesSkipped, describeSamples, sendContentSamples } from "@/lib/demo/content-samples";
import { readDemoApiToken, readDemoSecrets } from "@/lib/demo/demo-registry";
import { fileComplaints, sendPlanned, violations } from "@/lib/demo/send-traffic";
import { planTraffic } from "@/lib/demo/traffic-plan";
import { listMessages, readRaw } from "@/relay/sink/sink-store";
import { cliFlags, exitWithUsage } from "./lib/cli-flags";
import { runCli } from "./lib/run-cli";
import { readRunInfo } from "./lib/run-info";

const DEFAULT_MESSAGES = 150;
const USAGE = "Usage: npm run demo:traffic [-- --messages <1-10000>]";
const SINK_WAIT_MS = 30_000;

export async function runDemoTraffic(messages: number): Promise<string> {
  const run = readRunInfo();
  if (!run)
    throw new Error(
      "No demo relay runs here (no run.json in the data directory): start the demo with npm start (embedded database, or SWITCHYARD_DEMO=1) first.",
    );
  const secrets = readDemoSecrets();
  if (!secrets.length)
    throw new Error("No demo credentials in the data directory: demo traffic needs the demo seed (a fresh npm start).");
  const target = {
    relayHost: run.relayHost,
    relayPort: run.relayPort,
    dashboardUrl: run.dashboardUrl,
    apiToken: readDemoApiToken(),
  };
  const { result, toComplain } = await sendPlanned(target, [...planTraffic(secrets, messages), ...violations(secrets)]);
  // Complaints arrive for delivered mail: wait until the sink holds those messages.
  const deadline = Date.now() + SINK_WAIT_MS;
  let delivered = listMessages(run.sinkDir);
  while (toComplain.some((c) => !delivered.find((m) => m.messageId === c.messageId)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    delivered = listMessages(run.sinkDir);
  }
  const reports = toComplain.flatMap((c) => {
    const stored = delivered.find((m) => m.messageId === c.messageId);
    if (!stored) return [];
    const raw = readRaw(run.sinkDir, stored).toString("utf8");
    return [{ headers: raw.slice(0, raw.search(/\r?\n\r?\n/)), to: c.to }];
  });
  result.complaintsFiled = await fileComplaints(target, reports);
  const refused =
    Object.entries(result.refused)
      .map(([code, n]) => `${n}× ${code}`)
      .join(", ") || "none";
  return `Demo traffic: ${result.accepted} accepted by the relay, refused: ${refused}; ${result.complaintsFiled} complaint(s) filed. ${await contentLine(target, secrets, run.scanners)}`;
}

// The content-security samples, sent only when the scanners run (the Standard profile defers
// everything otherwise); a failure here never fails the rest of the demo traffic.
async function contentLine(
  target: { relayHost: string; relayPort: number },
  secrets: Parameters<typeof contentSamples>[0],
  scanners: Parameters<typeof contentSamplesSkipped>[0],
): Promise<string> {
  const skipped = contentSamplesSkipped(scanners);
  if (skipped) return `Content scanning samples NOT sent: ${skipped}.`;
  try {
    return `Content scanning: ${describeSamples(await sendContentSamples(target, contentSamples(secrets)))}.`;
  } catch (error) {
    return `Content scanning samples failed: ${(error as Error).message}.`;
  }
}

const isMain = process.argv[1]?.endsWith("demo-traffic.ts");
if (isMain) {
  const flags = cliFlags({ messages: { type: "string" } }, USAGE);
  const messages = Number(flags.messages ?? DEFAULT_MESSAGES);
  if (!Number.isInteger(messages) || messages < 1 || messages > 10_000)
    exitWithUsage(USAGE, "--messages must be a whole number from 1 to 10000.");
  await runCli(async () => console.log(await runDemoTraffic(messages)), "none");
}
