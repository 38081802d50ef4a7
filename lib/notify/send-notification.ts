import "server-only";
import nodemailer from "nodemailer";
import { readNotifyConfig } from "./notify-config";

export interface Notification {
  to: string;
  subject: string;
  text: string;
}

const SMTP_TIMEOUT_MS = 15_000;

export class NotifyUnavailableError extends Error {
  constructor() {
    super("Notification mail is off: set notify.smtpHost and notify.from in Settings.");
    this.name = "NotifyUnavailableError";
  }
}

// Sends one plain-text mail by SMTP through the configured relay (its own sender and credential,
// so the relay applies its policy to the control plane's mail like to any other). Throws when mail
// is off or the relay refuses; the caller records the failure.
export async function sendNotification(message: Notification): Promise<{ messageId: string }> {
  const config = await readNotifyConfig();
  if (!config) throw new NotifyUnavailableError();
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: false,
    // Never send the password in clear: with AUTH, STARTTLS is required.
    requireTLS: config.auth !== null,
    auth: config.auth ?? undefined,
    tls: { rejectUnauthorized: config.tlsVerify },
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({
      from: { name: "Switchyard notifications", address: config.from },
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    return { messageId: info.messageId };
  } finally {
    transport.close();
  }
}
