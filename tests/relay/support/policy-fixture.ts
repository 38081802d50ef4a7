import { generateKeyPairSync, randomUUID } from "node:crypto";
import { generateToken, tokenVerifier } from "../../../lib/server/secrets/token-format";
import type { Snapshot } from "./fake-control-plane";

// A policy snapshot for the relay tests: real SMTP secrets (the product's token format), their
// SHA-256 verifiers, real DKIM keys (RSA 2048 and Ed25519) whose public halves the tests
// "publish" through a stub DNS resolver.

export interface DkimKey {
  domain: string;
  selector: string;
  algorithm: "rsa" | "ed25519";
  privateKeyPem: string;
  // The p= value of the DNS TXT record.
  publicKeyBase64: string;
}

export interface TestCredential {
  id: string;
  username: string;
  secret: string;
}

function dkimKey(domain: string, algorithm: "rsa" | "ed25519"): DkimKey {
  const pair =
    algorithm === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ed25519");
  const spki = pair.publicKey.export({ type: "spki", format: "der" });
  // Ed25519 DKIM records carry the raw 32-byte key (RFC 8463), RSA the SPKI structure.
  const publicKeyBase64 = (algorithm === "ed25519" ? spki.subarray(spki.length - 32) : spki).toString("base64");
  const privateKeyPem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return { domain, selector: algorithm === "rsa" ? "sy2026" : "syed", algorithm, privateKeyPem, publicKeyBase64 };
}

function credential(slug: string): TestCredential {
  return { id: randomUUID(), username: `${slug}-${randomUUID().slice(0, 6)}`, secret: generateToken("smtp") };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function makeFixture() {
  const ids = { billing: randomUUID(), alerts: randomUUID(), partner: randomUUID(), limited: randomUUID() };
  const creds = {
    billing: credential("billing"),
    billingExpired: credential("billing"),
    alerts: credential("alerts"),
    partner: credential("partner"),
    limited: credential("limited"),
  };
  const keys = { billing: dkimKey("billing.example", "rsa"), alerts: dkimKey("alerts.example", "ed25519") };
  const future = new Date(Date.now() + 30 * DAY_MS).toISOString();
  const past = new Date(Date.now() - DAY_MS).toISOString();
  const cred = (c: TestCredential, expiresAt: string | null, cidrs: string[] = []) => ({
    id: c.id,
    username: c.username,
    verifier: tokenVerifier(c.secret),
    expiresAt,
    cidrs,
  });
  const sender = (id: string, name: string, fromDomains: string[], extra: Partial<Snapshot["senders"][number]>) => ({
    id,
    name,
    slug: name.toLowerCase(),
    fromDomains,
    fromAddresses: [],
    cidrs: [],
    rateLimitPerMinute: 1000,
    rateLimitPerDay: 100000,
    credentials: [],
    ...extra,
  });
  const snapshot: Snapshot = {
    version: 1,
    generatedAt: new Date().toISOString(),
    killSwitches: [],
    senders: [
      sender(ids.billing, "Billing", ["billing.example"], {
        credentials: [cred(creds.billing, future), cred(creds.billingExpired, past)],
      }),
      sender(ids.alerts, "Alerts", ["alerts.example"], {
        fromAddresses: ["noreply@alerts.example"],
        credentials: [cred(creds.alerts, null)],
      }),
      // Allowed only from a network the tests never connect from.
      sender(ids.partner, "Partner", ["partner.example"], {
        cidrs: ["192.0.2.0/24"],
        credentials: [cred(creds.partner, future)],
      }),
      sender(ids.limited, "Limited", ["limited.example"], {
        rateLimitPerMinute: 2,
        rateLimitPerDay: 100,
        credentials: [cred(creds.limited, future)],
      }),
    ],
    domains: [
      {
        id: randomUUID(),
        domain: "billing.example",
        dkim: { selector: keys.billing.selector, algorithm: "rsa", privateKeyPem: keys.billing.privateKeyPem },
      },
      {
        id: randomUUID(),
        domain: "alerts.example",
        dkim: { selector: keys.alerts.selector, algorithm: "ed25519", privateKeyPem: keys.alerts.privateKeyPem },
      },
      { id: randomUUID(), domain: "partner.example", dkim: null },
      { id: randomUUID(), domain: "limited.example", dkim: null },
    ],
  };
  return { snapshot, ids, creds, keys };
}

export type Fixture = ReturnType<typeof makeFixture>;

export function killSwitch(
  scope: "global" | "sender" | "credential" | "domain",
  target: string | null,
  expiresAt: string | null = null,
) {
  return {
    id: randomUUID(),
    scope,
    target,
    reason: `test ${scope} switch`,
    engagedAt: new Date().toISOString(),
    expiresAt,
  };
}

// mailauth resolver answering only the published DKIM keys; everything else does not exist.
export function stubResolver(keys: DkimKey[]) {
  return async (name: string, type: string) => {
    const key = keys.find((k) => name.toLowerCase() === `${k.selector}._domainkey.${k.domain}`);
    if (type === "TXT" && key) return [[`v=DKIM1; k=${key.algorithm}; p=${key.publicKeyBase64}`]];
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  };
}

export type ContentProfile = NonNullable<Snapshot["contentProfiles"]>[number];

// The built-in Standard profile (drizzle/0010_content_security.sql) as the snapshot carries it:
// clamd + rspamd (reject at 15), card numbers near a card keyword quarantined, many IBANs held,
// executables and scripts refused (also inside zips), scanners down → 451.
export function standardProfile(overrides: Partial<ContentProfile> = {}): ContentProfile {
  return {
    id: randomUUID(),
    name: "Standard",
    virusScan: true,
    spamScan: true,
    spamScore: 15,
    spamAction: "reject",
    maxScanBytes: 10 * 1024 * 1024,
    onScannerFailure: "defer",
    attachments: {
      blockedExtensions: [
        "exe",
        "com",
        "scr",
        "pif",
        "bat",
        "cmd",
        "js",
        "jse",
        "vbs",
        "vbe",
        "wsf",
        "wsh",
        "ps1",
        "msi",
      ],
      blockedTypes: ["executable", "script", "msi/ole", "java"],
      maxAttachmentBytes: 26214400,
      scanArchives: true,
      action: "reject",
    },
    dlpRules: [
      {
        id: randomUUID(),
        name: "Payment card numbers",
        detector: "card",
        minCount: 1,
        near: { keywords: ["card", "credit", "debit", "karte", "kreditkarte", "visa", "mastercard"], within: 300 },
        action: "quarantine",
      },
      {
        id: randomUUID(),
        name: "Many IBANs in one message",
        detector: "iban",
        minCount: 5,
        near: null,
        action: "quarantine",
      },
    ],
    ...overrides,
  };
}
