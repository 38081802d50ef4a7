import type { DkimAlgorithm } from "@/lib/validations/domains";
import { parseCidr } from "@/lib/validations/network";
import { dkimRecordName } from "./dkim-selector";

// The TXT records an operator publishes for a sending domain. Pure: the caller passes the keys
// and settings, so the same text shows in the dashboard, the API and the tests.

export type DnsRecordPurpose = "dkim" | "spf" | "dmarc" | "dmarc-report-authorization";

export interface DnsRecord {
  purpose: DnsRecordPurpose;
  type: "TXT";
  // Fully qualified, without the trailing dot.
  name: string;
  // The value as one string (what most DNS provider forms want).
  value: string;
  // The value split into character-strings of at most 255 bytes (what a zone file and DNS carry).
  strings: string[];
  // A line for a BIND-style zone file.
  zoneLine: string;
  selector?: string;
  note?: string;
}

// A TXT character-string holds at most 255 bytes (RFC 1035 §3.3); longer values are several strings.
export const TXT_STRING_MAX_BYTES = 255;

export function splitTxtValue(value: string): string[] {
  if (value.length === 0) return [""];
  const out: string[] = [];
  for (let i = 0; i < value.length; i += TXT_STRING_MAX_BYTES) out.push(value.slice(i, i + TXT_STRING_MAX_BYTES));
  return out;
}

export function zoneTxt(value: string): string {
  return splitTxtValue(value)
    .map((part) => `"${part.replace(/["\\]/g, (c) => `\\${c}`)}"`)
    .join(" ");
}

function txtRecord(
  purpose: DnsRecordPurpose,
  name: string,
  value: string,
  extra: Pick<DnsRecord, "selector" | "note"> = {},
): DnsRecord {
  return {
    purpose,
    type: "TXT",
    name,
    value,
    strings: splitTxtValue(value),
    zoneLine: `${name}. IN TXT ${zoneTxt(value)}`,
    ...extra,
  };
}

// ---- DKIM ----------------------------------------------------------------------------------

export function dkimTxtValue({ algorithm, publicKey }: { algorithm: DkimAlgorithm; publicKey: string }): string {
  return `v=DKIM1; k=${algorithm}; p=${publicKey}`;
}

export function dkimRecord(input: {
  domain: string;
  selector: string;
  algorithm: DkimAlgorithm;
  publicKey: string;
  note?: string;
}): DnsRecord {
  return txtRecord("dkim", dkimRecordName(input.selector, input.domain), dkimTxtValue(input), {
    selector: input.selector,
    note: input.note,
  });
}

// ---- SPF -----------------------------------------------------------------------------------

export interface SpfResult {
  record: DnsRecord;
  // Setting entries that are not an IPv4/IPv6 address or network (left out of the record).
  invalid: string[];
}

export function spfMechanism(address: string): string | null {
  const parsed = parseCidr(address);
  if (!parsed) return null;
  const full = parsed.family === 4 ? 32 : 128;
  return `ip${parsed.family}:${parsed.address}${parsed.prefix === full ? "" : `/${parsed.prefix}`}`;
}

// Authorizes only the relay egress addresses, and ends in -all: anything else fails SPF.
export function spfRecord({
  domain,
  egressAddresses,
}: {
  domain: string;
  egressAddresses: readonly string[];
}): SpfResult {
  const mechanisms: string[] = [];
  const invalid: string[] = [];
  for (const address of egressAddresses) {
    const mechanism = spfMechanism(address);
    if (!mechanism) invalid.push(address);
    else if (!mechanisms.includes(mechanism)) mechanisms.push(mechanism);
  }
  const value = ["v=spf1", ...mechanisms, "-all"].join(" ");
  const note = "A domain has exactly one SPF record: if it already has one, merge these mechanisms into it.";
  return { record: txtRecord("spf", domain, value, { note }), invalid };
}

// ---- DMARC ---------------------------------------------------------------------------------

// DMARC URIs are comma-separated and "!" starts a size limit (RFC 7489 §6.4): escape both.
function dmarcMailto(email: string): string {
  return `mailto:${email.replace(/[,!;]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export function dmarcTxtValue(reportEmail: string): string {
  return `v=DMARC1; p=quarantine; rua=${dmarcMailto(reportEmail)}; adkim=s; aspf=s`;
}

export function dmarcRecord({ domain, reportEmail }: { domain: string; reportEmail: string }): DnsRecord {
  return txtRecord("dmarc", `_dmarc.${domain}`, dmarcTxtValue(reportEmail));
}

// Reports sent to another domain are only delivered if that domain agrees (RFC 7489 §7.1).
export function dmarcReportAuthorizationRecord({
  domain,
  reportEmail,
}: {
  domain: string;
  reportEmail: string;
}): DnsRecord | null {
  const reportDomain = reportEmail.slice(reportEmail.lastIndexOf("@") + 1).toLowerCase();
  const related = reportDomain === domain || domain.endsWith(`.${reportDomain}`) || reportDomain.endsWith(`.${domain}`);
  if (!reportDomain || related) return null;
  return txtRecord("dmarc-report-authorization", `${domain}._report._dmarc.${reportDomain}`, "v=DMARC1", {
    note: `Publish this in the zone of ${reportDomain} (the report address's domain), so it accepts DMARC reports about ${domain}.`,
  });
}

// ---- All records of a domain ---------------------------------------------------------------

export interface PublishableKey {
  selector: string;
  algorithm: DkimAlgorithm;
  publicKey: string;
  status: "active" | "published" | "retired";
  retireAfter: Date | null;
}

export interface DomainDnsRecords {
  records: DnsRecord[];
  warnings: string[];
}

function keyNote(key: PublishableKey): string {
  if (key.status === "active") return "Active: the relays sign with this key.";
  if (key.retireAfter)
    return `Previous key: keep it published until ${key.retireAfter.toISOString().slice(0, 16).replace("T", " ")} UTC, then it is retired.`;
  return "Staged: publish it now, then activate it by rotating once DNS has it.";
}

export function domainDnsRecords(input: {
  domain: string;
  keys: readonly PublishableKey[];
  egressAddresses: readonly string[];
  reportEmail: string;
}): DomainDnsRecords {
  const warnings: string[] = [];
  const dkim = input.keys
    .filter((key) => key.status !== "retired")
    .map((key) =>
      dkimRecord({
        domain: input.domain,
        selector: key.selector,
        algorithm: key.algorithm,
        publicKey: key.publicKey,
        note: keyNote(key),
      }),
    );
  if (!input.keys.some((key) => key.status === "active"))
    warnings.push("This domain has no active DKIM key: relays cannot sign its mail. Generate one.");
  const spf = spfRecord({ domain: input.domain, egressAddresses: input.egressAddresses });
  if (spf.invalid.length)
    warnings.push(
      `Left out of SPF, not an IP address or network: ${spf.invalid.join(", ")} (setting relay.egressAddresses).`,
    );
  if (spf.record.value === "v=spf1 -all")
    warnings.push(
      "No relay egress addresses are configured (setting relay.egressAddresses): this SPF record authorizes no server.",
    );
  const authorization = dmarcReportAuthorizationRecord({ domain: input.domain, reportEmail: input.reportEmail });
  const records = [...dkim, spf.record, dmarcRecord({ domain: input.domain, reportEmail: input.reportEmail })];
  if (authorization) records.push(authorization);
  return { records, warnings };
}
