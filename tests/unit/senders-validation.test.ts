import { describe, expect, it } from "vitest";
import { AppError, parseInput } from "@/lib/errors";
import {
  assertTransition,
  availableTransitions,
  isRelayVisibleTransition,
  SENDER_TRANSITIONS,
} from "@/lib/senders/lifecycle";
import { senderNeedsReview, todayUtc } from "@/lib/senders/review";
import { slugify } from "@/lib/senders/sender-name";
import { findVendor, VENDOR_CATALOG } from "@/lib/senders/vendor-catalog";
import { type RelayValues, splitEdit, widens } from "@/lib/senders/widening";
import {
  changeSenderStatusSchema,
  createSenderSchema,
  decideSenderSchema,
  normalizeFromAddress,
  senderListQuerySchema,
} from "@/lib/validations/senders";

const DOMAIN_ID = "6f1c2c1e-8a1b-4c1a-9d5e-0a1b2c3d4e5f";
const inAYear = todayUtc(new Date(Date.now() + 365 * 86_400_000));

const valid = {
  name: "  Payroll notifications ",
  kind: "internal_cloud",
  ownerTeam: "HR Systems",
  contactEmail: " HR-Systems@Example.COM ",
  purpose: "Monthly payslip availability notices to employees",
  fromDomainIds: DOMAIN_ID,
  allowedFromAddresses: "payroll@example.com, *@HR.Example.com\nnoreply@bücher.example",
  allowedCidrs: "10.20.0.0/16\n2001:db8::/48",
  rateLimitPerMinute: "60",
  rateLimitPerDay: "20000",
  reviewDate: inAYear,
};

function fieldErrors(input: unknown): Record<string, string[]> {
  try {
    parseInput(createSenderSchema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation_failed");
    return (error as AppError).fieldErrors ?? {};
  }
  throw new Error("expected a validation error");
}

describe("sender registration schema", () => {
  it("accepts form-shaped input and normalizes it", () => {
    const data = parseInput(createSenderSchema, valid);
    expect(data.name).toBe("Payroll notifications");
    expect(data.contactEmail).toBe("hr-systems@example.com");
    expect(data.fromDomainIds).toEqual([DOMAIN_ID]);
    expect(data.allowedFromAddresses).toEqual([
      "payroll@example.com",
      "*@hr.example.com",
      "noreply@xn--bcher-kva.example",
    ]);
    expect(data.allowedCidrs).toEqual(["10.20.0.0/16", "2001:db8::/48"]);
    expect(data.rateLimitPerMinute).toBe(60);
    expect(data.rateLimitPerDay).toBe(20000);
    expect(data.vendor).toBeUndefined();
  });

  it("requires a catalog vendor for SaaS senders, and none for internal ones", () => {
    expect(fieldErrors({ ...valid, kind: "saas" }).vendor[0]).toMatch(/Choose the SaaS vendor/);
    expect(fieldErrors({ ...valid, kind: "saas", vendor: "mailchimpz" }).vendor[0]).toMatch(
      /Unknown vendor "mailchimpz"/,
    );
    expect(fieldErrors({ ...valid, vendor: "salesforce" }).vendor[0]).toMatch(/Only SaaS senders/);
    expect(parseInput(createSenderSchema, { ...valid, kind: "saas", vendor: "servicenow" }).vendor).toBe("servicenow");
  });

  it("names each bad field with a message saying what is wrong", () => {
    const errors = fieldErrors({
      name: "x",
      kind: "mainframe",
      ownerTeam: "",
      contactEmail: "nope",
      purpose: "short",
      fromDomainIds: [],
      allowedFromAddresses: "bad address",
      allowedCidrs: "10.0.0.0/33",
      rateLimitPerMinute: "0",
      rateLimitPerDay: "1.5",
      reviewDate: "2026-02-30",
    });
    expect(Object.keys(errors).sort()).toEqual(
      [
        "allowedCidrs",
        "allowedFromAddresses",
        "contactEmail",
        "fromDomainIds",
        "kind",
        "name",
        "ownerTeam",
        "purpose",
        "rateLimitPerDay",
        "rateLimitPerMinute",
        "reviewDate",
      ].sort(),
    );
    expect(errors.allowedCidrs[0]).toContain('"10.0.0.0/33" is not a valid IPv4 or IPv6 network');
    expect(errors.fromDomainIds[0]).toBe("Choose at least one From domain");
    expect(errors.allowedFromAddresses[0]).toContain('"bad" is not a valid From address');
  });

  it("puts the field name in the message when one field is wrong", () => {
    try {
      parseInput(createSenderSchema, { ...valid, allowedCidrs: "10.0.0.0/8, 300.1.1.1" });
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).message).toMatch(/^allowedCidrs: "300.1.1.1" is not a valid/);
      expect(Object.keys((error as AppError).fieldErrors!)).toEqual(["allowedCidrs"]);
    }
  });

  it("checks rate limits against each other and the review date against today", () => {
    expect(fieldErrors({ ...valid, rateLimitPerMinute: 100, rateLimitPerDay: 50 }).rateLimitPerDay[0]).toMatch(
      /at least messages per minute/,
    );
    expect(fieldErrors({ ...valid, reviewDate: "2020-01-01" }).reviewDate[0]).toMatch(/today .* or later/);
    expect(fieldErrors({ ...valid, reviewDate: "2999-01-01" }).reviewDate[0]).toMatch(/within 5 years/);
    expect(parseInput(createSenderSchema, { ...valid, reviewDate: todayUtc() }).reviewDate).toBe(todayUtc());
  });

  it("rejects names with control characters and unknown domain ids", () => {
    expect(fieldErrors({ ...valid, name: "bad\u0007name" }).name[0]).toMatch(/control characters/);
    expect(fieldErrors({ ...valid, fromDomainIds: ["not-a-uuid"] }).fromDomainIds[0]).toBe("Unknown domain id");
  });
});

describe("From addresses", () => {
  it.each([
    ["Alerts@Example.com", "alerts@example.com"],
    ["*@example.com", "*@example.com"],
    ["first.last+tag@mail.example.org", "first.last+tag@mail.example.org"],
  ])("accepts %s", (input, expected) => expect(normalizeFromAddress(input)).toBe(expected));

  it.each([
    "example.com",
    "@example.com",
    "a@b",
    "a..b@example.com",
    "*x@example.com",
    "a@-bad-.com",
    "a b@example.com",
  ])("rejects %s", (input) => expect(normalizeFromAddress(input)).toBeNull());
});

describe("sender lifecycle", () => {
  it("allows exactly the documented transitions", () => {
    expect(availableTransitions("requested")).toEqual(["approve", "reject"]);
    expect(availableTransitions("approved")).toEqual(["activate", "retire"]);
    expect(availableTransitions("active")).toEqual(["suspend", "retire"]);
    expect(availableTransitions("suspended")).toEqual(["resume", "retire"]);
    expect(availableTransitions("retired")).toEqual([]);
    expect(availableTransitions("rejected")).toEqual([]);
    expect(assertTransition("resume", "suspended")).toBe("active");
  });

  it("answers an invalid transition with a conflict saying why", () => {
    expect(() => assertTransition("suspend", "requested")).toThrowError(
      /Cannot suspend a sender that is requested: only a sender that is active can be suspended/,
    );
    try {
      assertTransition("approve", "retired");
    } catch (error) {
      expect((error as AppError).code).toBe("conflict");
    }
  });

  it("marks transitions that change what relays see", () => {
    expect(isRelayVisibleTransition("approved", "active")).toBe(true);
    expect(isRelayVisibleTransition("active", "suspended")).toBe(true);
    expect(isRelayVisibleTransition("suspended", "retired")).toBe(true);
    expect(isRelayVisibleTransition("requested", "approved")).toBe(false);
    expect(isRelayVisibleTransition("approved", "retired")).toBe(false);
    for (const rule of Object.values(SENDER_TRANSITIONS)) expect(rule.from.length).toBeGreaterThan(0);
  });

  it("requires a comment to decide and a reason to suspend or retire", () => {
    const id = DOMAIN_ID;
    expect(decideSenderSchema.safeParse({ senderId: id, decision: "approve", comment: " " }).success).toBe(false);
    expect(changeSenderStatusSchema.safeParse({ senderId: id, action: "suspend" }).success).toBe(false);
    expect(changeSenderStatusSchema.safeParse({ senderId: id, action: "retire", reason: "no" }).success).toBe(false);
    expect(changeSenderStatusSchema.safeParse({ senderId: id, action: "activate" }).success).toBe(true);
    expect(changeSenderStatusSchema.safeParse({ senderId: id, action: "explode", reason: "why not" }).success).toBe(
      false,
    );
  });
});

describe("review dates, slugs, vendors, list query", () => {
  it("flags senders in use whose review date has passed", () => {
    expect(senderNeedsReview({ status: "active", reviewDate: "2020-01-01" }, "2026-01-01")).toBe(true);
    expect(senderNeedsReview({ status: "active", reviewDate: "2026-01-01" }, "2026-01-01")).toBe(false);
    expect(senderNeedsReview({ status: "retired", reviewDate: "2020-01-01" }, "2026-01-01")).toBe(false);
  });

  it("derives slugs from names", () => {
    expect(slugify("Payroll Notifications (EU)")).toBe("payroll-notifications-eu");
    expect(slugify("  Café Öffnungszeiten!! ")).toBe("cafe-offnungszeiten");
    expect(slugify("日本語")).toBe("sender");
  });

  it("has the required vendors, each with guidance naming the relay host, port and STARTTLS/TLS", () => {
    const ids = VENDOR_CATALOG.map((v) => v.id);
    for (const id of [
      "salesforce",
      "servicenow",
      "workday",
      "zendesk",
      "hubspot",
      "marketo",
      "atlassian",
      "github",
      "okta",
      "sap_successfactors",
      "other",
    ]) {
      expect(ids).toContain(id);
    }
    for (const vendor of VENDOR_CATALOG) {
      const text = vendor.steps({ host: "relay.corp.example", port: 2587 }).join(" ");
      expect(text, vendor.id).toContain("relay.corp.example");
      expect(text, vendor.id).toContain("2587");
      expect(text, vendor.id).toMatch(/TLS/);
      expect(text, vendor.id).toMatch(/secret/);
    }
    expect(findVendor("nope")).toBeUndefined();
  });

  it("parses list queries from the URL with defaults", () => {
    expect(senderListQuerySchema.parse({})).toMatchObject({
      sort: "name",
      dir: "asc",
      page: 1,
      pageSize: 25,
      needsReview: false,
    });
    expect(
      senderListQuerySchema.parse({ needsReview: "1", page: "3", status: "", sort: "reviewDate", dir: "desc" }),
    ).toMatchObject({
      needsReview: true,
      page: 3,
      status: undefined,
      sort: "reviewDate",
      dir: "desc",
    });
    expect(senderListQuerySchema.safeParse({ status: "zombie" }).success).toBe(false);
    expect(senderListQuerySchema.safeParse({ vendor: "unknown" }).success).toBe(false);
  });
});

describe("error reporting", () => {
  it("reports cross-field problems together with field problems", () => {
    const errors = fieldErrors({
      ...valid,
      kind: "saas",
      contactEmail: "",
      allowedCidrs: "10.0.0.0/33",
      rateLimitPerMinute: 10,
      rateLimitPerDay: 5,
    });
    expect(Object.keys(errors).sort()).toEqual(["allowedCidrs", "contactEmail", "rateLimitPerDay", "vendor"]);
  });
});

describe("what widens a sender (four-eyes on edits)", () => {
  it("compares each relay-facing field: more domains, addresses outside the old ones, networks outside the old ones, higher rates", () => {
    expect(widens("fromDomainIds", ["a"], ["a", "b"])).toBe(true);
    expect(widens("fromDomainIds", ["a", "b"], ["b"])).toBe(false);
    expect(widens("allowedFromAddresses", ["x@d.example"], ["x@d.example", "y@d.example"])).toBe(true);
    expect(widens("allowedFromAddresses", ["*@d.example"], ["y@d.example"])).toBe(false);
    expect(widens("allowedFromAddresses", ["x@d.example"], [])).toBe(true);
    expect(widens("allowedFromAddresses", [], ["x@d.example"])).toBe(false);
    expect(widens("allowedCidrs", ["10.1.0.0/16"], ["10.1.2.0/24", "10.1.9.9/32"])).toBe(false);
    expect(widens("allowedCidrs", ["10.1.0.0/16"], ["10.0.0.0/8"])).toBe(true);
    expect(widens("allowedCidrs", ["10.1.0.0/16"], ["2001:db8::/32"])).toBe(true);
    expect(widens("allowedCidrs", ["2001:db8::/32"], ["2001:db8:1::/48"])).toBe(false);
    expect(widens("allowedCidrs", ["10.1.0.0/16"], [])).toBe(true);
    expect(widens("allowedCidrs", [], ["10.1.0.0/16"])).toBe(false);
    expect(widens("rateLimitPerMinute", 100, 101)).toBe(true);
    expect(widens("rateLimitPerDay", 100, 99)).toBe(false);
  });

  it("splits an edit: narrowing applies now, widening waits, and an address at a pending domain waits with it", () => {
    const applied: RelayValues = {
      fromDomainIds: ["a"],
      allowedFromAddresses: [],
      allowedCidrs: ["10.1.0.0/16"],
      rateLimitPerMinute: 100,
      rateLimitPerDay: 1000,
      contentProfileId: null,
    };
    const names: Record<string, string> = { a: "a.example", b: "b.example" };
    const fits = (addresses: string[], ids: string[]) =>
      addresses.every((x) => ids.some((id) => x.endsWith(`@${names[id]}`)));
    const { now, pending } = splitEdit(
      applied,
      {
        fromDomainIds: ["a", "b"],
        allowedFromAddresses: ["n@b.example"],
        allowedCidrs: ["10.1.1.0/24"],
        rateLimitPerMinute: 50,
        rateLimitPerDay: 5000,
        contentProfileId: null,
      },
      fits,
    );
    expect(now).toEqual({
      fromDomainIds: ["a"],
      allowedFromAddresses: [],
      allowedCidrs: ["10.1.1.0/24"],
      rateLimitPerMinute: 50,
      rateLimitPerDay: 1000,
      contentProfileId: null,
    });
    expect(pending).toEqual({
      fromDomainIds: ["a", "b"],
      allowedFromAddresses: ["n@b.example"],
      rateLimitPerDay: 5000,
    });
  });
});
