import nodemailer from "nodemailer";
import { inject } from "vitest";

// Sends one message through the e2e run's real relay (STARTTLS + AUTH, self-signed certificate).
export async function sendThroughRelay({
  user,
  pass,
  from,
  to,
  subject = "e2e",
  text = "hello",
}: {
  user: string;
  pass: string;
  from: string;
  to: string;
  subject?: string;
  text?: string;
}): Promise<{ ok: true } | { ok: false; code: number; response: string }> {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: inject("relayPort"),
    secure: false,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
    auth: { user, pass },
  });
  try {
    await transport.sendMail({ from, to, subject, text });
    return { ok: true };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message: string };
    return { ok: false, code: e.responseCode ?? 0, response: e.response ?? e.message };
  } finally {
    transport.close();
  }
}
