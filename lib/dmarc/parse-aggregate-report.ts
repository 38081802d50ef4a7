import net from "node:net";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { toAsciiDomain } from "@/lib/validations/network";
import { type AuthResult, alignedPass, pickAuthDomain } from "./alignment";

// RFC 7489 appendix C aggregate reports, as Google, Microsoft, Yahoo and others send them:
// namespaced or not, one record or many, optional fields missing, several DKIM results per record.

export interface ParsedRecord {
  sourceIp: string;
  count: number;
  disposition: string;
  // DMARC-aligned results (policy_evaluated): what decides DMARC.
  dkim: string;
  spf: string;
  headerFrom: string;
  envelopeFrom: string | null;
  // Domains that authenticated (result pass) via DKIM d= / SPF MAIL FROM, aligned ones preferred.
  dkimDomain: string | null;
  spfDomain: string | null;
}

export interface ParsedReport {
  orgName: string;
  email: string | null;
  reportId: string;
  dateBegin: Date;
  dateEnd: Date;
  domain: string;
  policy: { p: string | null; sp: string | null; adkim: string | null; aspf: string | null; pct: number | null };
  records: ParsedRecord[];
}

const ARRAY_PATHS = new Set([
  "feedback.record",
  "feedback.record.auth_results.dkim",
  "feedback.record.auth_results.spf",
  "feedback.record.row.policy_evaluated.reason",
  "feedback.report_metadata.error",
]);
const MAX_ID_LENGTH = 255;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

// Only XML's five predefined entities and character references: no DTD entity is ever expanded.
export function decodeXmlText(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (whole, name: string) => {
    if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const text = z.string({ error: "must be text" }).transform((v) => decodeXmlText(v).trim());
const required = text.refine((v) => v.length > 0, { message: "is empty" });
const optional = z.preprocess((v) => (v === "" ? undefined : v), text.optional());
const whole = z
  .string({ error: "must be a whole number" })
  .regex(/^\s*\d{1,15}\s*$/, { message: "must be a whole number" })
  .transform(Number);

const authDkim = z.object({ domain: optional, selector: optional, result: optional });
const authSpf = z.object({ domain: optional, scope: optional, result: optional });

const recordSchema = z.object({
  row: z.object({
    source_ip: required,
    count: whole,
    policy_evaluated: z.object({ disposition: required, dkim: optional, spf: optional }),
  }),
  identifiers: z.object({ header_from: required, envelope_from: optional }),
  auth_results: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.object({ dkim: z.array(authDkim).optional(), spf: z.array(authSpf).optional() }).optional(),
  ),
});

const feedbackSchema = z.object({
  report_metadata: z.object({
    // RFC 7489's schema allows an empty org_name, and real reporters send one (see reporterName).
    org_name: optional.refine((v) => v === undefined || v.length <= MAX_ID_LENGTH, {
      message: `is longer than ${MAX_ID_LENGTH} characters`,
    }),
    email: optional,
    report_id: required.refine((v) => v.length <= MAX_ID_LENGTH, {
      message: `is longer than ${MAX_ID_LENGTH} characters`,
    }),
    date_range: z.object({ begin: whole, end: whole }),
  }),
  policy_published: z.object({
    domain: required,
    p: optional,
    sp: optional,
    adkim: optional,
    aspf: optional,
    pct: optional,
  }),
  record: z.array(recordSchema).optional(),
});

const invalid = (message: string) => new AppError("validation_failed", message, { file: [message] });

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

// "report_metadata/report_id is missing", "record 3: row/source_ip is empty".
function describeIssue(feedback: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path;
  const missing = valueAt(feedback, path) === undefined;
  const problem = missing ? "is missing" : issue.message;
  if (path[0] === "record" && typeof path[1] === "number") {
    const rest = path.slice(2).join("/");
    return `record ${path[1] + 1}: ${rest || "the record"} ${problem}`;
  }
  return `${path.join("/") || "feedback"} ${problem}`;
}

function normaliseIp(value: string, index: number): string {
  const bare = value.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  const family = net.isIP(bare);
  if (!family) throw invalid(`record ${index + 1}: row/source_ip "${value.slice(0, 60)}" is not an IP address`);
  // One spelling per address: reporters write IPv6 in full or compressed, upper or lower case.
  return family === 6 ? new net.SocketAddress({ address: bare, family: "ipv6" }).address : bare;
}

const lowerDomain = (value: string) => toAsciiDomain(value) ?? value.trim().replace(/\.$/, "").toLowerCase();
const result = (value: string | undefined) => (value ?? "").toLowerCase().slice(0, 20);

// A report is stored once per reporter name + report id (db/schema/dmarc.ts), so a report without
// org_name is named after what identifies its reporter instead: the domain of its email, else the
// policy domain it is about. Deterministic, so the same report sent again is still a duplicate.
function reporterName(orgName: string | undefined, email: string | undefined, policyDomain: string): string {
  if (orgName) return orgName;
  const emailDomain = email?.slice(email.lastIndexOf("@") + 1).replace(/[<>\s]/g, "");
  if (emailDomain) return lowerDomain(emailDomain).slice(0, MAX_ID_LENGTH);
  return `unnamed reporter for ${policyDomain}`;
}

export function parseAggregateReport(xml: Buffer | string): ParsedReport {
  const source = typeof xml === "string" ? xml : xml.toString("utf8");
  // DMARC reports never need a DTD; refusing it outright rules out XXE and entity expansion.
  const declaration = /<!(DOCTYPE|ENTITY)/i.exec(source);
  if (declaration) {
    throw invalid(
      `The report contains a <!${declaration[1].toUpperCase()}> declaration. DMARC reports never need one; it is refused to prevent XML entity attacks (XXE, "billion laughs").`,
    );
  }
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    throw invalid(
      `The report is not well-formed XML: ${validation.err.msg} (line ${validation.err.line}, column ${validation.err.col}).`,
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    processEntities: false,
    parseTagValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: 32,
    isArray: (_name, jpath) => ARRAY_PATHS.has(String(jpath)),
  });
  const document = parser.parse(source) as Record<string, unknown>;
  const roots = Object.keys(document);
  if (!("feedback" in document))
    throw invalid(`The root element is <${roots[0] ?? "nothing"}>; a DMARC aggregate report starts with <feedback>.`);
  const parsed = feedbackSchema.safeParse(document.feedback);
  if (!parsed.success)
    throw invalid(`The report is incomplete: ${describeIssue(document.feedback, parsed.error.issues[0])}.`);
  const { report_metadata: meta, policy_published: policy } = parsed.data;
  if (meta.date_range.end < meta.date_range.begin) throw invalid("report_metadata/date_range ends before it begins.");
  const records = (parsed.data.record ?? []).map((record, index): ParsedRecord => {
    const headerFrom = lowerDomain(record.identifiers.header_from);
    const dkimResults: AuthResult[] = (record.auth_results?.dkim ?? []).map((d) => ({
      domain: d.domain ? lowerDomain(d.domain) : "",
      result: result(d.result),
    }));
    const spfResults: AuthResult[] = (record.auth_results?.spf ?? []).map((s) => ({
      domain: s.domain ? lowerDomain(s.domain) : "",
      result: result(s.result),
    }));
    const evaluated = record.row.policy_evaluated;
    return {
      sourceIp: normaliseIp(record.row.source_ip, index),
      count: record.row.count,
      disposition: result(evaluated.disposition),
      // Some reporters omit the aligned verdicts: derive them from auth_results (relaxed alignment).
      dkim: evaluated.dkim ? result(evaluated.dkim) : alignedPass(headerFrom, dkimResults) ? "pass" : "fail",
      spf: evaluated.spf ? result(evaluated.spf) : alignedPass(headerFrom, spfResults) ? "pass" : "fail",
      headerFrom,
      envelopeFrom: record.identifiers.envelope_from ? lowerDomain(record.identifiers.envelope_from) : null,
      dkimDomain: pickAuthDomain(headerFrom, dkimResults),
      spfDomain: pickAuthDomain(headerFrom, spfResults),
    };
  });
  const pct = policy.pct !== undefined && /^\d{1,3}$/.test(policy.pct) ? Number(policy.pct) : null;
  const domain = lowerDomain(policy.domain);
  return {
    orgName: reporterName(meta.org_name, meta.email, domain),
    email: meta.email ?? null,
    reportId: meta.report_id,
    dateBegin: new Date(meta.date_range.begin * 1000),
    dateEnd: new Date(meta.date_range.end * 1000),
    domain,
    policy: {
      p: policy.p?.toLowerCase() ?? null,
      sp: policy.sp?.toLowerCase() ?? null,
      adkim: policy.adkim?.toLowerCase() ?? null,
      aspf: policy.aspf?.toLowerCase() ?? null,
      pct,
    },
    records,
  };
}
