import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Role } from "@/lib/auth/roles";
import { baseURL, signInCookie } from "../support/http-session";
import { buildServerActions, postServerAction } from "../support/server-actions";

// Creates the state each mutation needs, through the same server actions a user would call, as
// a role that may (admin, or a dedicated requester so four-eyes never hides a refusal: "requester"
// is an infra user for senders, "releaser" a security user for quarantine releases).
export interface ActionResult {
  ok: boolean;
  code?: string;
  data?: unknown;
}

export function resultOf(body: string): ActionResult | null {
  const line = body.split("\n").find((l) => /^\d+:\{.*"ok":(true|false)/.test(l));
  return line ? JSON.parse(line.slice(line.indexOf(":") + 1)) : null;
}

export type FixtureCaller = Role | "requester" | "releaser";

export class Fixtures {
  private sequence = 0;
  private readonly actions = buildServerActions();

  constructor(
    private readonly cookies: Record<FixtureCaller, string>,
    readonly targetUserId: string,
  ) {}

  unique(): string {
    return `${Date.now().toString(36)}${(++this.sequence).toString(36)}`;
  }

  async call(key: string, input: unknown, as: FixtureCaller = "admin"): Promise<Record<string, unknown>> {
    const action = this.actions.get(key);
    if (!action) throw new Error(`no server action ${key} in the build`);
    const response = await postServerAction(action, [input], this.cookies[as]);
    const result = resultOf(response.body);
    if (!result?.ok) throw new Error(`fixture ${key} as ${as} failed: ${response.body.slice(0, 300)}`);
    return result.data as Record<string, unknown>;
  }

  async domain(): Promise<{ id: string; keyId: string }> {
    const data = (await this.call("app/(dashboard)/domains/actions.ts#addDomainAction", {
      domain: `m${this.unique()}.example.com`,
      algorithm: "ed25519",
    })) as { domain: { id: string }; key: { id: string } };
    return { id: data.domain.id, keyId: data.key.id };
  }

  // A published (staged) key that can be retired.
  async stagedKey(): Promise<string> {
    const domain = await this.domain();
    const data = (await this.call("app/(dashboard)/domains/actions.ts#generateDkimKeyAction", {
      domainId: domain.id,
      algorithm: "ed25519",
    })) as { key: { id: string } };
    return data.key.id;
  }

  senderInput(domainId: string) {
    return {
      name: `Matrix sender ${this.unique()}`,
      kind: "internal_cloud",
      ownerTeam: "Platform",
      contactEmail: "platform@example.com",
      purpose: "Authorization matrix fixture",
      fromDomainIds: [domainId],
      rateLimitPerMinute: "60",
      rateLimitPerDay: "1000",
      reviewDate: "2030-01-01",
    };
  }

  async requestedSender(): Promise<string> {
    const domain = await this.domain();
    const data = (await this.call(
      "app/(dashboard)/senders/actions.ts#registerSenderAction",
      this.senderInput(domain.id),
      "requester",
    )) as { id: string };
    return data.id;
  }

  async approvedSender(): Promise<string> {
    const id = await this.requestedSender();
    await this.call("app/(dashboard)/senders/actions.ts#decideSenderAction", {
      senderId: id,
      decision: "approve",
      revision: 1,
      comment: "matrix fixture",
    });
    return id;
  }

  async activeSender(): Promise<string> {
    const id = await this.approvedSender();
    await this.call("app/(dashboard)/senders/actions.ts#changeSenderStatusAction", {
      senderId: id,
      action: "activate",
    });
    return id;
  }

  // An active sender whose requester asked for a higher rate: a pending change request.
  async pendingChange(): Promise<{ senderId: string; requestId: string; revision: number }> {
    const senderId = await this.activeSender();
    const data = (await this.call(
      "app/(dashboard)/senders/actions.ts#updateSenderAction",
      { senderId, rateLimitPerMinute: "120" },
      "requester",
    )) as {
      changeRequest: { id: string; revision: number } | null;
    };
    if (!data.changeRequest) throw new Error("fixture pendingChange: the widening edit made no change request");
    return { senderId, requestId: data.changeRequest.id, revision: data.changeRequest.revision };
  }

  async credential(): Promise<string> {
    const senderId = await this.activeSender();
    const data = (await this.call("app/(dashboard)/senders/[id]/credentials-actions.ts#issueCredentialAction", {
      senderId,
    })) as { credential: { id: string } };
    return data.credential.id;
  }

  async engagedKillSwitch(): Promise<string> {
    const targetId = await this.activeSender();
    const data = (await this.call("app/(dashboard)/kill-switch/actions.ts#engageKillSwitchAction", {
      scope: "sender",
      targetId,
      reason: "matrix fixture",
    })) as { killSwitch: { id: string } };
    return data.killSwitch.id;
  }

  // A fresh suppression for every sender (added by hand, as admin).
  async suppression(): Promise<string> {
    const data = (await this.call("app/(dashboard)/suppressions/actions.ts#addSuppressionAction", {
      address: `matrix-fixture-${this.unique()}@example.com`,
      reason: "matrix fixture",
    })) as { id: string };
    return data.id;
  }

  async relay(): Promise<string> {
    const data = (await this.call("app/(dashboard)/relays/actions.ts#registerRelayAction", {
      name: `matrix-${this.unique()}`,
    })) as { relay: { id: string } };
    return data.relay.id;
  }

  async relayToken(): Promise<string> {
    const data = (await this.call("app/(dashboard)/relays/actions.ts#registerRelayAction", {
      name: `matrix-${this.unique()}`,
    })) as { token: string };
    return data.token;
  }

  // What a relay reports when it holds a message (fresh id), as POST /api/relay/v1/quarantine takes it.
  quarantineReport(id: string = randomUUID()) {
    return {
      id,
      queueId: null,
      messageId: null,
      senderId: null,
      credentialId: null,
      from: "matrix@example.com",
      recipients: ["someone@example.org"],
      subject: "Matrix fixture",
      sizeBytes: 100,
      verdict: "DLP: Matrix",
      findings: [],
      headers: [["Subject", "Matrix fixture"]],
      receivedAt: new Date().toISOString(),
    };
  }

  // A message a fresh relay holds, reported through the relay contract (the report function behind
  // the route): the server's embedded database is not the test's to write.
  async heldMessage(): Promise<{ id: string; relayToken: string }> {
    const relayToken = await this.relayToken();
    const body = this.quarantineReport();
    const response = await fetch(this.url("/api/relay/v1/quarantine"), {
      method: "POST",
      headers: { authorization: `Bearer ${relayToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`fixture heldMessage: ${response.status} ${await response.text()}`);
    return { id: body.id, relayToken };
  }

  // A held message whose release the releaser (a security user none of the matrix callers is) asked for.
  async releaseRequested(): Promise<{ id: string; relayToken: string }> {
    const held = await this.heldMessage();
    await this.call(
      "app/(dashboard)/quarantine/actions.ts#requestReleaseAction",
      { quarantineId: held.id, reason: "matrix fixture" },
      "releaser",
    );
    return held;
  }

  // An approved release: the holding relay's command is pending until it settles.
  async releasedMessage(): Promise<{ id: string; relayToken: string }> {
    const requested = await this.releaseRequested();
    await this.call("app/(dashboard)/quarantine/actions.ts#approveReleaseAction", { quarantineId: requested.id });
    return requested;
  }

  // A token of the requester (an infra user who is none of the demo roles): everyone's but its owner's to revoke.
  async apiToken(): Promise<string> {
    const data = (await this.call(
      "app/(dashboard)/tokens/actions.ts#createApiTokenAction",
      { name: `matrix-${this.unique()}` },
      "requester",
    )) as { view: { id: string } };
    return data.view.id;
  }

  // A DMARC aggregate report (Google's shape) with a fresh report id.
  dmarcReport(): string {
    return fs
      .readFileSync(path.resolve("tests/fixtures/dmarc/google.xml"), "utf8")
      .replace(/<report_id>[^<]*<\/report_id>/, `<report_id>matrix-${this.unique()}</report_id>`);
  }

  async markedSource(): Promise<{ domainId: string; sourceIp: string }> {
    const domainId = (await this.domain()).id;
    await this.call("app/(dashboard)/posture/actions.ts#markSourceAction", {
      domainId,
      sourceIp: "203.0.113.77",
      verdict: "spoofing",
      note: "matrix fixture",
    });
    return { domainId, sourceIp: "203.0.113.77" };
  }

  async contentProfile(): Promise<string> {
    const data = (await this.call("app/(dashboard)/content/actions.ts#createContentProfileAction", {
      name: `Matrix profile ${this.unique()}`,
    })) as { profile: { id: string } };
    return data.profile.id;
  }

  // A profile with one DLP rule.
  async dlpRule(): Promise<{ profileId: string; ruleId: string }> {
    const profileId = await this.contentProfile();
    const data = (await this.call("app/(dashboard)/content/actions.ts#createDlpRuleAction", {
      profileId,
      name: "Matrix rule",
      detector: "card",
      action: "tag",
    })) as { rule: { id: string } };
    return { profileId, ruleId: data.rule.id };
  }

  // A fresh local admin (the only kind that may be marked break-glass).
  async localAdmin(): Promise<string> {
    const data = (await this.call("app/(dashboard)/users/actions.ts#createUserAction", {
      email: `matrix-admin-${this.unique()}@test.local`,
      name: "Matrix admin",
      role: "admin",
      password: "",
    })) as { user: { id: string } };
    return data.user.id;
  }

  // A live session of a fresh user (signed in over HTTP), found through the sessions API.
  async liveSession(): Promise<string> {
    const email = `matrix-session-${this.unique()}@test.local`;
    const password = "matrix session password";
    const created = (await this.call("app/(dashboard)/users/actions.ts#createUserAction", {
      email,
      name: "Session holder",
      role: "comms",
      password,
    })) as { user: { id: string } };
    await signInCookie(email, password);
    const response = await fetch(this.url(`/api/v1/users/${created.user.id}/sessions`), {
      headers: { cookie: this.cookies.admin },
    });
    const { sessions } = (await response.json()) as { sessions: { id: string }[] };
    if (!sessions[0]) throw new Error(`no session listed for ${email}`);
    return sessions[0].id;
  }

  url(path: string): string {
    return `${baseURL()}${path}`;
  }
}
