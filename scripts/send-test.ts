// npm run send-test -- --user <username> --pass <secret> --from a@example.com --to b@example.net
//   [--host 127.0.0.1] [--port 2525] [--subject "…"]
// Sends one message through a relay over STARTTLS + AUTH (the demo's self-signed certificate is
// accepted) and prints the relay's SMTP answer; exits 1 with the SMTP code when refused.
import nodemailer from "nodemailer";
import { cliFlags, exitWithUsage } from "./lib/cli-flags";

const USAGE =
  "Usage: npm run send-test -- --user U --pass SECRET --from a@example.com --to b@example.net [--host H --port P --subject S]";

const values = cliFlags(
  {
    user: { type: "string" },
    pass: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    host: { type: "string" },
    port: { type: "string" },
    subject: { type: "string" },
  },
  USAGE,
);

const missing = (["user", "pass", "from", "to"] as const).filter((k) => !values[k]);
if (missing.length) exitWithUsage(USAGE, `Missing ${missing.map((k) => `--${k}`).join(", ")}.`);

const host = values.host ?? process.env.RELAY_HOST ?? "127.0.0.1";
const port = Number(values.port ?? process.env.RELAY_PORT ?? 2525);
const transport = nodemailer.createTransport({
  host,
  port,
  secure: false,
  requireTLS: true,
  tls: { rejectUnauthorized: false },
  auth: { user: values.user!, pass: values.pass! },
});

const sentAt = new Date().toISOString();
try {
  const info = await transport.sendMail({
    from: values.from,
    to: values.to,
    subject: values.subject ?? `Switchyard test message ${sentAt}`,
    text: `Sent by npm run send-test at ${sentAt} through ${host}:${port}.\n`,
  });
  console.log(`Accepted by ${host}:${port}: ${info.response}`);
  console.log(`Message-ID ${info.messageId}`);
} catch (err) {
  const e = err as { responseCode?: number; response?: string; command?: string; code?: string; message: string };
  if (e.responseCode) {
    console.error(`Refused at ${e.command ?? "SMTP"}: ${e.response ?? e.message}`);
    console.error(`SMTP code ${e.responseCode}`);
  } else {
    console.error(`Could not send (${e.code ?? "error"}): ${e.message}`);
  }
  process.exit(1);
} finally {
  transport.close();
}
