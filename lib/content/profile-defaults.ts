import { and, eq, ne } from "drizzle-orm";
import { type Executor, getDb, type Tx } from "@/db/client";
import { type ContentProfile, contentProfiles } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { PROFILE_KIND_LABELS, type ProfileKind } from "./labels";
import type { DefaultProfiles } from "./profile-kind";

const FLAG = { internal: "defaultForInternal", saas: "defaultForSaas" } as const;

export async function loadDefaultProfiles(db: Executor = getDb()): Promise<DefaultProfiles> {
  const rows = await db
    .select({
      id: contentProfiles.id,
      defaultForInternal: contentProfiles.defaultForInternal,
      defaultForSaas: contentProfiles.defaultForSaas,
    })
    .from(contentProfiles);
  return {
    internal: rows.find((r) => r.defaultForInternal)?.id ?? null,
    saas: rows.find((r) => r.defaultForSaas)?.id ?? null,
  };
}

// The kinds a profile is the default for.
export const defaultKindsOf = (p: Pick<ContentProfile, "defaultForInternal" | "defaultForSaas">): ProfileKind[] =>
  (["internal", "saas"] as const).filter((kind) => p[FLAG[kind]]);

export interface MovedDefault {
  kind: ProfileKind;
  from: { id: string; name: string };
}

// Makes room for `profileId` (null: a profile about to be created) to become the default for
// `kinds`: the flag leaves the profile that holds it (its revision goes up too), in the caller's
// transaction, so there is never a moment with two defaults or none.
export async function releaseDefaults(tx: Tx, profileId: string | null, kinds: ProfileKind[]): Promise<MovedDefault[]> {
  const moved: MovedDefault[] = [];
  for (const kind of kinds) {
    const column = contentProfiles[FLAG[kind]];
    const rows = await tx
      .select()
      .from(contentProfiles)
      .where(profileId ? and(eq(column, true), ne(contentProfiles.id, profileId)) : eq(column, true))
      .for("update");
    for (const row of rows) {
      await tx
        .update(contentProfiles)
        .set({ [FLAG[kind]]: false, revision: row.revision + 1, updatedAt: new Date() })
        .where(eq(contentProfiles.id, row.id));
      moved.push({ kind, from: { id: row.id, name: row.name } });
    }
  }
  return moved;
}

// There is always a default per kind: it moves by making another profile the default, never by
// switching it off (or deleting the profile that holds it).
export function assertKeepsDefaults(
  profile: ContentProfile,
  next: Pick<ContentProfile, "defaultForInternal" | "defaultForSaas">,
): void {
  for (const kind of defaultKindsOf(profile)) {
    if (!next[FLAG[kind]]) {
      throw new AppError(
        "conflict",
        `${profile.name} is the default profile for ${PROFILE_KIND_LABELS[kind]}: make another profile the default ` +
          "instead (there is always one default per kind)",
        { [FLAG[kind]]: ["Make another profile the default instead"] },
      );
    }
  }
}
