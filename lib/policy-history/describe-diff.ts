import type {
  ContentCredential,
  ContentDomain,
  ContentKillSwitch,
  ContentProfileEntry,
  ContentSender,
  PolicyContent,
} from "./content";
import type { Json } from "./patch";
import { jsonEqual } from "./patch";

// One readable change between two policy contents.
export interface DiffLine {
  // What changed: "sender Invoices", "kill switch on credential sysmtp_ab…1234", "setting", …
  subject: string;
  change: "added" | "removed" | "changed";
  // The whole line: "sender Invoices: + From domain billing.example.com".
  text: string;
}

type Lines = DiffLine[];

const show = (value: Json | undefined): string => {
  if (value === null || value === undefined || value === "") return "none";
  if (Array.isArray(value)) return value.length ? value.map((v) => show(v)).join(", ") : "none";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
};
const networks = (list: string[]) => (list.length ? list.join(", ") : "any");

// Keys of both sides, in a stable order: added, removed and kept entries of a collection.
function compareCollections<T>(
  from: Record<string, T>,
  to: Record<string, T>,
  on: {
    added: (id: string, v: T) => void;
    removed: (id: string, v: T) => void;
    changed: (id: string, a: T, b: T) => void;
  },
): void {
  for (const id of Object.keys(to).sort()) {
    if (!(id in from)) on.added(id, to[id]);
    else if (!jsonEqual(from[id] as Json, to[id] as Json)) on.changed(id, from[id], to[id]);
  }
  for (const id of Object.keys(from).sort()) if (!(id in to)) on.removed(id, from[id]);
}

// A set of values: one line per value added or removed.
function setLines(out: Lines, subject: string, label: string, from: string[], to: string[]): void {
  for (const v of to) if (!from.includes(v)) out.push({ subject, change: "added", text: `+ ${label} ${v}` });
  for (const v of from) if (!to.includes(v)) out.push({ subject, change: "removed", text: `− ${label} ${v}` });
}

// Fields no line above speaks of still show, plainly (so no change is ever silent).
function otherFields(out: Lines, subject: string, a: object, b: object, handled: readonly string[]): void {
  const x = a as Record<string, Json>;
  const y = b as Record<string, Json>;
  for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort())
    if (!handled.includes(key)) valueLine(out, subject, key, x[key] ?? null, y[key] ?? null);
}

function valueLine(out: Lines, subject: string, label: string, from: Json, to: Json): void {
  if (!jsonEqual(from, to)) out.push({ subject, change: "changed", text: `${label} ${show(from)} → ${show(to)}` });
}

const SENDER_FIELDS: [keyof ContentSender, string][] = [
  ["name", "name"],
  ["slug", "slug"],
  ["rateLimitPerMinute", "rate limit per minute"],
  ["rateLimitPerDay", "rate limit per day"],
];

function senderLines(out: Lines, subject: string, a: ContentSender, b: ContentSender, profiles: Namer): void {
  setLines(out, subject, "From domain", a.fromDomains, b.fromDomains);
  setLines(out, subject, "From address", a.fromAddresses, b.fromAddresses);
  if (!jsonEqual(a.networks, b.networks))
    out.push({ subject, change: "changed", text: `networks ${networks(a.networks)} → ${networks(b.networks)}` });
  for (const [field, label] of SENDER_FIELDS) valueLine(out, subject, label, a[field], b[field]);
  if (a.contentProfileId !== b.contentProfileId)
    out.push({
      subject,
      change: "changed",
      text: `content profile ${profiles(a.contentProfileId)} → ${profiles(b.contentProfileId)}`,
    });
  otherFields(out, subject, a, b, [
    "fromDomains",
    "fromAddresses",
    "networks",
    "contentProfileId",
    ...SENDER_FIELDS.map(([f]) => f),
  ]);
}

type Namer = (id: string | null) => string;

function credentialLabel(id: string, c: ContentCredential | undefined): string {
  return c ? c.hint || c.username : id;
}

function killSwitchTarget(k: ContentKillSwitch, senders: Namer, credentials: Namer): string {
  if (k.scope === "global") return "all mail (global)";
  if (k.scope === "sender") return `sender ${senders(k.target)}`;
  if (k.scope === "credential") return `credential ${credentials(k.target)}`;
  return `domain ${k.target}`;
}

function domainLines(out: Lines, subject: string, a: ContentDomain, b: ContentDomain): void {
  valueLine(out, subject, "name", a.domain, b.domain);
  const sel = (d: ContentDomain) => (d.dkim ? `${d.dkim.selector} (${d.dkim.algorithm})` : "none");
  if (!jsonEqual(a.dkim, b.dkim)) out.push({ subject, change: "changed", text: `DKIM selector ${sel(a)} → ${sel(b)}` });
  otherFields(out, subject, a, b, ["domain", "dkim"]);
}

const PROFILE_FIELDS: [keyof ContentProfileEntry, string][] = [
  ["name", "name"],
  ["virusScan", "virus scan"],
  ["spamScan", "spam scan"],
  ["spamScore", "spam score"],
  ["spamAction", "spam action"],
  ["maxScanBytes", "max scan bytes"],
  ["onScannerFailure", "on scanner failure"],
];

function profileLines(out: Lines, subject: string, a: ContentProfileEntry, b: ContentProfileEntry): void {
  for (const [field, label] of PROFILE_FIELDS) valueLine(out, subject, label, a[field] as Json, b[field] as Json);
  setLines(out, subject, "blocked extension", a.attachments.blockedExtensions, b.attachments.blockedExtensions);
  setLines(out, subject, "blocked type", a.attachments.blockedTypes, b.attachments.blockedTypes);
  valueLine(out, subject, "max attachment bytes", a.attachments.maxAttachmentBytes, b.attachments.maxAttachmentBytes);
  valueLine(out, subject, "scan archives", a.attachments.scanArchives, b.attachments.scanArchives);
  valueLine(out, subject, "attachment action", a.attachments.action, b.attachments.action);
  otherFields(out, subject, a, b, ["attachments", "dlpRules", ...PROFILE_FIELDS.map(([f]) => f)]);
  compareCollections(a.dlpRules, b.dlpRules, {
    added: (_, r) => out.push({ subject, change: "added", text: `+ DLP rule ${r.name} (${r.detector}, ${r.action})` }),
    removed: (_, r) => out.push({ subject, change: "removed", text: `− DLP rule ${r.name}` }),
    changed: (_, ra, rb) => {
      for (const field of Object.keys(rb) as (keyof typeof rb)[])
        valueLine(out, subject, `DLP rule ${rb.name}: ${field}`, ra[field] as Json, rb[field] as Json);
    },
  });
}

// Every difference from `from` to `to`, as lines a security reviewer reads.
export function describeDiff(from: PolicyContent, to: PolicyContent): DiffLine[] {
  const out: Lines = [];
  const senders: Namer = (id) => (id && (to.senders[id] ?? from.senders[id])?.name) || (id ?? "none");
  const credentials: Namer = (id) => (id ? credentialLabel(id, to.credentials[id] ?? from.credentials[id]) : "none");
  const profiles: Namer = (id) => (id && (to.contentProfiles[id] ?? from.contentProfiles[id])?.name) || "none";

  compareCollections(from.senders, to.senders, {
    added: (_, s) =>
      out.push({
        subject: `sender ${s.name}`,
        change: "added",
        text: `added: From domains ${show(s.fromDomains)}; networks ${networks(s.networks)}`,
      }),
    removed: (_, s) =>
      out.push({ subject: `sender ${s.name}`, change: "removed", text: "removed: no longer accepted" }),
    changed: (_, a, b) => senderLines(out, `sender ${b.name}`, a, b, profiles),
  });
  compareCollections(from.credentials, to.credentials, {
    added: (id, c) =>
      out.push({
        subject: `credential ${credentialLabel(id, c)}`,
        change: "added",
        text: `accepted for sender ${senders(c.senderId)} (user ${c.username}, expires ${c.expiresAt ?? "never"})`,
      }),
    removed: (id, c) =>
      out.push({
        subject: `credential ${credentialLabel(id, c)}`,
        change: "removed",
        text: `no longer accepted for sender ${senders(c.senderId)} (revoked, expired, or its sender left the policy)`,
      }),
    changed: (id, a, b) => {
      const subject = `credential ${credentialLabel(id, b)}`;
      valueLine(out, subject, "expiry", a.expiresAt, b.expiresAt);
      if (!jsonEqual(a.networks, b.networks))
        out.push({ subject, change: "changed", text: `networks ${networks(a.networks)} → ${networks(b.networks)}` });
      valueLine(out, subject, "status", a.status, b.status);
      valueLine(out, subject, "user", a.username, b.username);
      if (a.senderId !== b.senderId) valueLine(out, subject, "sender", senders(a.senderId), senders(b.senderId));
      otherFields(out, subject, a, b, ["expiresAt", "networks", "status", "username", "senderId"]);
    },
  });
  const switchOn = (k: ContentKillSwitch) => `kill switch on ${killSwitchTarget(k, senders, credentials)}`;
  compareCollections(from.killSwitches, to.killSwitches, {
    added: (_, k) =>
      out.push({
        subject: switchOn(k),
        change: "added",
        text: `engaged: ${k.reason}${k.expiresAt ? ` (until ${k.expiresAt})` : ""}`,
      }),
    removed: (_, k) => out.push({ subject: switchOn(k), change: "removed", text: "released" }),
    changed: (_, a, b) => {
      valueLine(out, switchOn(b), "expiry", a.expiresAt, b.expiresAt);
      otherFields(out, switchOn(b), a, b, ["expiresAt"]);
    },
  });
  compareCollections(from.domains, to.domains, {
    added: (_, d) =>
      out.push({
        subject: `domain ${d.domain}`,
        change: "added",
        text: `added${d.dkim ? `, DKIM selector ${d.dkim.selector}` : ", no DKIM key"}`,
      }),
    removed: (_, d) => out.push({ subject: `domain ${d.domain}`, change: "removed", text: "removed" }),
    changed: (_, a, b) => domainLines(out, `domain ${b.domain}`, a, b),
  });
  compareCollections(from.contentProfiles, to.contentProfiles, {
    added: (_, p) => out.push({ subject: `content profile ${p.name}`, change: "added", text: "added" }),
    removed: (_, p) => out.push({ subject: `content profile ${p.name}`, change: "removed", text: "deleted" }),
    changed: (_, a, b) => profileLines(out, `content profile ${b.name}`, a, b),
  });
  valueLine(
    out,
    "setting",
    "max recipients per message",
    from.settings.maxRecipientsPerMessage,
    to.settings.maxRecipientsPerMessage,
  );
  setLines(out, "setting", "TLS-required domain", from.settings.tlsRequiredDomains, to.settings.tlsRequiredDomains);
  // "sender Invoices: + From domain …", but "kill switch on credential … engaged: …".
  return out.map((line) => ({
    ...line,
    text: `${line.subject}${line.subject.startsWith("kill switch") ? " " : ": "}${line.text}`,
  }));
}
