import { asc, eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type ContentProfile, contentProfiles, type DlpRule, dlpRules } from "@/db/schema";
import { contentProfileIdSchema } from "@/lib/validations/content";
import { loadDefaultProfiles } from "./profile-defaults";
import { listProfileUsers, type ProfileUser, usersOf } from "./profile-users";

export interface ContentProfileSummary extends ContentProfile {
  ruleCount: number;
  enabledRuleCount: number;
  // Senders (not retired) whose mail it checks: named by them, or as their kind's default.
  senderCount: number;
}

export interface ContentProfileDetail extends ContentProfile {
  // In order, disabled ones too.
  rules: DlpRule[];
  senders: (ProfileUser & { via: "own" | "default" })[];
}

// Every profile with its rule and sender counts, defaults first, then by name.
export async function listContentProfiles(db: Executor = getDb()): Promise<ContentProfileSummary[]> {
  const [profiles, rules, users, defaults] = await Promise.all([
    db.select().from(contentProfiles).orderBy(asc(contentProfiles.name)),
    db.select({ profileId: dlpRules.profileId, enabled: dlpRules.enabled }).from(dlpRules),
    listProfileUsers(db),
    loadDefaultProfiles(db),
  ]);
  const isDefault = (p: ContentProfile) => (p.defaultForInternal || p.defaultForSaas ? 0 : 1);
  return profiles
    .sort((a, b) => isDefault(a) - isDefault(b))
    .map((p) => {
      const own = rules.filter((r) => r.profileId === p.id);
      return {
        ...p,
        ruleCount: own.length,
        enabledRuleCount: own.filter((r) => r.enabled).length,
        senderCount: usersOf(p.id, users, defaults).length,
      };
    });
}

// One profile with its rules in order and the senders using it, or null (a malformed id is not found).
export async function getContentProfile(
  profileId: string,
  db: Executor = getDb(),
): Promise<ContentProfileDetail | null> {
  if (!contentProfileIdSchema.safeParse(profileId).success) return null;
  const [profile] = await db.select().from(contentProfiles).where(eq(contentProfiles.id, profileId));
  if (!profile) return null;
  const [rules, users, defaults] = await Promise.all([
    db
      .select()
      .from(dlpRules)
      .where(eq(dlpRules.profileId, profileId))
      .orderBy(asc(dlpRules.position), asc(dlpRules.createdAt)),
    listProfileUsers(db),
    loadDefaultProfiles(db),
  ]);
  return { ...profile, rules, senders: usersOf(profile.id, users, defaults) };
}

// Names for the sender form's select: every profile and which one is each kind's default.
export async function contentProfileOptions(db: Executor = getDb()) {
  const rows = await db
    .select({
      id: contentProfiles.id,
      name: contentProfiles.name,
      defaultForInternal: contentProfiles.defaultForInternal,
      defaultForSaas: contentProfiles.defaultForSaas,
    })
    .from(contentProfiles)
    .orderBy(asc(contentProfiles.name));
  return rows;
}

export type ContentProfileOption = Awaited<ReturnType<typeof contentProfileOptions>>[number];
