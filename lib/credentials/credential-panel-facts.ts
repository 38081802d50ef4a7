import { getDb } from "@/db/client";
import { getSettings } from "@/lib/settings/settings";
import { type CredentialIssueRefusal, credentialIssueRefusal } from "./credential-rules";
import { type CredentialSender, findCredentialSender } from "./credential-sender";
import { type CredentialListItem, listCredentials } from "./list-credentials";

export interface CredentialPanelFacts {
  sender: CredentialSender;
  credentials: CredentialListItem[];
  relay: { host: string; port: number };
  limits: { defaultDays: number; maxDays: number };
  defaultOverlapHours: number;
  // Why no credential may be issued now (the same rule issueCredential enforces), or null.
  issueRefusal: CredentialIssueRefusal | null;
}

// What a sender's credentials panel shows; undefined for an unknown sender.
export async function credentialPanelFacts(senderId: string): Promise<CredentialPanelFacts | undefined> {
  const sender = await findCredentialSender(senderId, getDb());
  if (!sender) return undefined;
  const [credentials, settings] = await Promise.all([
    listCredentials({ senderId }),
    getSettings([
      "relay.submissionHost",
      "relay.submissionPort",
      "credentials.defaultExpiryDays",
      "credentials.maxExpiryDays",
      "credentials.defaultOverlapHours",
    ]),
  ]);
  const activeCount = credentials.filter(
    (c) => c.displayStatus === "active" || c.displayStatus === "expiring_soon",
  ).length;
  return {
    sender,
    credentials,
    relay: { host: settings["relay.submissionHost"], port: settings["relay.submissionPort"] },
    limits: { defaultDays: settings["credentials.defaultExpiryDays"], maxDays: settings["credentials.maxExpiryDays"] },
    defaultOverlapHours: settings["credentials.defaultOverlapHours"],
    issueRefusal: credentialIssueRefusal(sender, activeCount),
  };
}
