// The demo's content-security samples: sent only when both scanners run (the Standard profile
// defers everything otherwise), and the reason is said plainly when they are not.
import { describe, expect, it } from "vitest";
import { contentSamples, contentSamplesSkipped, describeSamples } from "@/lib/demo/content-samples";
import { EICAR } from "@/relay/local-scanners";

const credential = { sender: "Order confirmations", username: "u", secret: "s", from: "orders@shop.example.com" };

describe("demo content samples", () => {
  it("are skipped, with the reason, unless clamd and rspamd both run", () => {
    expect(contentSamplesSkipped({ clamd: true, rspamd: true })).toBeNull();
    expect(contentSamplesSkipped({ clamd: false, rspamd: true })).toContain("clamd not running");
    expect(contentSamplesSkipped({ clamd: false, rspamd: false })).toContain("clamd and rspamd not running");
    expect(contentSamplesSkipped(undefined)).toContain("unknown");
  });

  it("hold a Luhn-valid card near 'card' and attach the EICAR test file", () => {
    const [dlp, virus] = contentSamples([credential]);
    expect(dlp.text).toMatch(/card 4111 1111 1111 1111/);
    expect(virus.attachments?.[0].content).toBe(EICAR);
    expect(describeSamples([{ kind: "dlp", code: "451", response: "" }])).toContain("expected: held by DLP");
  });
});
