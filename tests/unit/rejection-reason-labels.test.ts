// Every reason a relay may send has a readable label where Deliverability groups rejections, so a
// new reason (content security: virus, spam, dlp, attachment, scanner, tls) never shows as its code.
import { describe, expect, it } from "vitest";
import { CONTENT_REJECTION_REASONS, REJECTION_REASON_LABELS } from "@/lib/deliverability/breakdowns";
import { rejectReasonSchema } from "@/lib/relay-contract/schemas";

describe("rejection reason labels", () => {
  it("labels every reason of the relay contract, and nothing else", () => {
    expect(Object.keys(REJECTION_REASON_LABELS).sort()).toEqual([...rejectReasonSchema.options].sort());
    for (const [reason, label] of Object.entries(REJECTION_REASON_LABELS)) expect(label, reason).not.toBe(reason);
    expect(REJECTION_REASON_LABELS.dlp).toBe("Data loss prevention (DLP)");
  });

  it("counts as content rejections only reasons of the contract", () => {
    for (const reason of CONTENT_REJECTION_REASONS) expect(rejectReasonSchema.options).toContain(reason);
  });
});
