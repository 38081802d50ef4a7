import { getDb } from "@/db/client";
import { settings } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { seal } from "@/lib/server/crypto/seal";
import { getSetting } from "@/lib/settings/settings";
import type { SsoMappingInput, SsoProviderInput, SsoRecheckInput } from "@/lib/validations/sso";
import { forgetSsoConfig, SSO_SECRET_SEAL_CONTEXT, SSO_SECRET_SEAL_PURPOSE, ssoFromEnvironment } from "./sso-config";
import type { SsoProviderSetting } from "./sso-schemas";

type SsoKey = "sso.provider" | "sso.mapping" | "sso.roleRecheckMinutes";

async function store(
  actor: Actor,
  key: SsoKey,
  value: unknown,
  audit: { action: string; before: unknown; after: unknown },
): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key, value, updatedBy: actor.id })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date(), updatedBy: actor.id } });
    await writeAudit(tx, actor, {
      action: audit.action,
      targetType: "setting",
      targetId: key,
      before: audit.before,
      after: audit.after,
    });
  });
  forgetSsoConfig();
}

// What the audit log and the page may say about the provider: never the secret, only whether it is set.
export function describeProvider(p: SsoProviderSetting) {
  return {
    issuer: p.issuer,
    clientId: p.clientId,
    scopes: p.scopes,
    label: p.label,
    secretSet: !!p.clientSecretSealed,
  };
}

// The provider from the Settings page. The environment (SSO_ISSUER…) wins: saving is refused then.
// An empty secret keeps the stored one; it is sealed, never stored in clear nor audited.
export async function saveSsoProvider({ actor, input }: { actor: Actor; input: SsoProviderInput }) {
  if (ssoFromEnvironment())
    throw new AppError("conflict", "Single sign-on is configured by the environment (SSO_ISSUER): change it there.");
  if (input.issuer && !input.clientId)
    throw new AppError("validation_failed", "A client id is required with an issuer", {
      clientId: ["A client id is required with an issuer"],
    });
  const before = await getSetting("sso.provider");
  const clientSecretSealed = input.clearSecret
    ? ""
    : input.clientSecret
      ? seal(input.clientSecret, { purpose: SSO_SECRET_SEAL_PURPOSE, context: SSO_SECRET_SEAL_CONTEXT })
      : before.clientSecretSealed;
  const next: SsoProviderSetting = {
    issuer: input.issuer,
    clientId: input.clientId,
    clientSecretSealed,
    scopes: input.scopes,
    label: input.label,
  };
  await store(actor, "sso.provider", next, {
    action: "sso.provider.update",
    before: describeProvider(before),
    after: { ...describeProvider(next), secretChanged: next.clientSecretSealed !== before.clientSecretSealed },
  });
  return describeProvider(next);
}

export async function saveSsoMapping({ actor, input }: { actor: Actor; input: SsoMappingInput }) {
  const before = await getSetting("sso.mapping");
  await store(actor, "sso.mapping", input, { action: "sso.mapping.update", before, after: input });
  return input;
}

export async function saveSsoRecheck({ actor, input }: { actor: Actor; input: SsoRecheckInput }) {
  const before = await getSetting("sso.roleRecheckMinutes");
  await store(actor, "sso.roleRecheckMinutes", input.minutes, {
    action: "setting.update",
    before: { value: before },
    after: { value: input.minutes },
  });
  return { minutes: input.minutes };
}
