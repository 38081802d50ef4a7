import type { Executor } from "@/db/client";
import { openSettingSecret } from "@/lib/settings/sealed-setting";
import { getSettings } from "@/lib/settings/settings";

export interface NotifyConfig {
  host: string;
  port: number;
  // null = no SMTP AUTH (a local sink); with a user, the password is sent only over STARTTLS.
  auth: { user: string; pass: string } | null;
  tlsVerify: boolean;
  from: string;
}

// The notification mail settings (notify.*), the password opened; null while mail is off (no host
// or no From address).
export async function readNotifyConfig(db?: Executor): Promise<NotifyConfig | null> {
  const s = await getSettings(
    [
      "notify.smtpHost",
      "notify.smtpPort",
      "notify.smtpUser",
      "notify.smtpPassword",
      "notify.smtpTlsVerify",
      "notify.from",
    ],
    db,
  );
  if (!s["notify.smtpHost"] || !s["notify.from"]) return null;
  return {
    host: s["notify.smtpHost"],
    port: s["notify.smtpPort"],
    auth: s["notify.smtpUser"]
      ? { user: s["notify.smtpUser"], pass: openSettingSecret(s["notify.smtpPassword"]) }
      : null,
    tlsVerify: s["notify.smtpTlsVerify"],
    from: s["notify.from"],
  };
}
