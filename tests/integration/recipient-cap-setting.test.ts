import { describe, expect, it } from "vitest";
import { buildPolicySnapshot } from "@/lib/policy/build-snapshot";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { policySnapshotSchema } from "@/lib/relay-contract/schemas";
import { setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";

// The per-message recipient cap is a setting carried in the policy snapshot: relays read it from
// there, so changing it bumps the policy version (else relays would never hear of the change).

describe("relay.maxRecipientsPerMessage", () => {
  it("is in the snapshot (default 100), and changing it bumps the policy version", async () => {
    const admin = await makeActor("admin");
    const first = await buildPolicySnapshot();
    expect(first.maxRecipientsPerMessage).toBe(100);
    expect(policySnapshotSchema.parse(first).maxRecipientsPerMessage).toBe(100);
    const before = await currentPolicyVersion();
    await setSetting({ actor: admin, key: "relay.maxRecipientsPerMessage", value: 250 });
    const after = await buildPolicySnapshot();
    expect(after.version).toBe(before + 1);
    expect(after.maxRecipientsPerMessage).toBe(250);
    await expect(setSetting({ actor: admin, key: "relay.maxRecipientsPerMessage", value: 0 })).rejects.toMatchObject({
      code: "validation_failed",
    });
    // Other settings do not touch the policy.
    await setSetting({ actor: admin, key: "relay.submissionPort", value: 2525 });
    expect(await currentPolicyVersion()).toBe(before + 1);
  });
});
