// Values and human labels of content profiles and DLP rules, shared by the schemas, pages and
// client forms (no server-only imports here).

export const CONTENT_ACTIONS = ["reject", "quarantine", "tag", "require_tls"] as const;
export type ContentAction = (typeof CONTENT_ACTIONS)[number];
// Spam and attachments cannot ask for TLS (a schema check constraint says the same for spam).
export const SPAM_ACTIONS = ["reject", "quarantine", "tag"] as const;
export const ATTACHMENT_ACTIONS = ["reject", "quarantine", "tag"] as const;
export const SCANNER_FAILURE_MODES = ["defer", "accept"] as const;
export const DLP_DETECTORS = ["card", "iban", "regex", "keywords"] as const;
export type DlpDetector = (typeof DLP_DETECTORS)[number];

// The real file types an attachment rule can block (relay/plugin/lib/content/file-type.js
// FILE_TYPE_NAMES; kept equal by tests/integration/content-profiles.test.ts).
export const FILE_TYPE_NAMES = [
  "executable",
  "script",
  "msi/ole",
  "java",
  "pdf",
  "png",
  "jpeg",
  "zip",
  "gzip",
] as const;

// The sender kinds a profile can be the default for: both internal kinds share one default.
export const PROFILE_KINDS = ["internal", "saas"] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export const CONTENT_ACTION_LABELS: Record<ContentAction, string> = {
  reject: "Reject (5xx)",
  quarantine: "Quarantine",
  tag: "Deliver with a header tag",
  require_tls: "Deliver only over TLS",
};

export const DLP_DETECTOR_LABELS: Record<DlpDetector, string> = {
  card: "Payment card numbers (Luhn)",
  iban: "IBAN (mod-97)",
  regex: "Regular expression",
  keywords: "Keyword list",
};

export const PROFILE_KIND_LABELS: Record<ProfileKind, string> = {
  internal: "internal senders",
  saas: "SaaS senders",
};

export const FILE_TYPE_LABELS: Record<(typeof FILE_TYPE_NAMES)[number], string> = {
  executable: "Executables (PE, ELF, Mach-O)",
  script: "Scripts (#!)",
  "msi/ole": "MSI / OLE (old Office, installers)",
  java: "Java classes",
  pdf: "PDF",
  png: "PNG",
  jpeg: "JPEG",
  zip: "ZIP archives",
  gzip: "GZIP archives",
};

// The warning a profile that accepts unscanned mail carries wherever it is shown.
export const ACCEPT_UNSCANNED_WARNING =
  "When a scanner cannot answer, this profile accepts mail unscanned (relays raise an alert each time).";

const MB = 1024 * 1024;
// Forms show sizes in MB; profiles store bytes. A value that is not a number goes through as
// typed, so the server's validation names it.
export const bytesToMb = (bytes: number | null) => (bytes === null ? "" : String(Math.round((bytes / MB) * 100) / 100));
export const mbToBytes = (mb: string): string | number => {
  const text = mb.trim();
  if (text === "") return "";
  const value = Number(text);
  return Number.isFinite(value) ? Math.round(value * MB) : text;
};
