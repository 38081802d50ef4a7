import { eq, inArray } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { settings } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { validationError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { SETTINGS, type SettingKey, type SettingValue } from "./definitions";
import { isSecretSetting } from "./is-secret-setting";
import { assertSettingChangeAllowed } from "./setting-guards";

export async function getSetting<K extends SettingKey>(key: K, db: Executor = getDb()): Promise<SettingValue<K>> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  if (!row) return SETTINGS[key].default;
  const parsed = SETTINGS[key].schema.safeParse(row.value);
  return (parsed.success ? parsed.data : SETTINGS[key].default) as SettingValue<K>;
}

export async function getSettings<K extends SettingKey>(
  keys: K[],
  db: Executor = getDb(),
): Promise<{ [P in K]: SettingValue<P> }> {
  const rows = await db.select().from(settings).where(inArray(settings.key, keys));
  const out = {} as { [P in K]: SettingValue<P> };
  for (const key of keys) {
    const row = rows.find((r) => r.key === key);
    const parsed = row ? SETTINGS[key].schema.safeParse(row.value) : null;
    out[key] = (parsed?.success ? parsed.data : SETTINGS[key].default) as SettingValue<K>;
  }
  return out;
}

// Validated, audited in the same transaction; a secret setting's value never reaches the audit log.
// The value is checked here, with the key's own schema: its type depends on the key.
export async function setSetting(
  { actor, key, value }: { actor: Actor; key: SettingKey; value: unknown },
  db: Executor = getDb(),
): Promise<void> {
  const definition = SETTINGS[key];
  const parsed = definition.schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  await db.transaction(async (tx) => {
    await assertSettingChangeAllowed(tx, key, parsed.data);
    const before = await getSetting(key, tx);
    await tx
      .insert(settings)
      .values({ key, value: parsed.data, updatedBy: actor.id })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: parsed.data, updatedAt: new Date(), updatedBy: actor.id },
      });
    const change = isSecretSetting(key)
      ? secretChange(before, parsed.data)
      : { before: { value: before }, after: { value: parsed.data } };
    await writeAudit(tx, actor, { action: "setting.update", targetType: "setting", targetId: key, ...change });
    if ("policy" in definition) await bumpPolicyVersion(tx, actor, `setting ${key} changed`);
  });
}

// What the audit log may say about a secret: whether it was set, and that it changed.
function secretChange(
  before: unknown,
  after: unknown,
): { before: { set: boolean }; after: { set: boolean; changed: boolean } } {
  return { before: { set: before !== "" }, after: { set: after !== "", changed: before !== after } };
}
