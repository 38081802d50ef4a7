export { isUniqueViolation } from "@/lib/server/db-errors";

import { and, like, ne, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { senders } from "@/db/schema";
import { invalidFields } from "@/lib/errors";

const SLUG_MAX_LENGTH = 60;

// "Payroll Notifications (EU)" → "payroll-notifications-eu"; accents dropped, anything else → "-".
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, "");
  return slug || "sender";
}

// Names are unique ignoring case, so "Payroll" and "payroll" cannot both exist.
export async function assertNameFree(db: Executor, name: string, exceptId?: string): Promise<void> {
  const same = sql`lower(${senders.name}) = lower(${name})`;
  const [existing] = await db
    .select({ id: senders.id, name: senders.name })
    .from(senders)
    .where(exceptId ? and(same, ne(senders.id, exceptId)) : same)
    .limit(1);
  if (existing) throw duplicateNameError(existing.name);
}

export function duplicateNameError(name: string) {
  return invalidFields({ name: [`A sender named "${name}" already exists; choose another name`] }, "conflict");
}

// The slug of a new sender: derived from its name, with -2, -3… when another name maps to it.
export async function uniqueSlug(db: Executor, name: string): Promise<string> {
  const base = slugify(name);
  const rows = await db
    .select({ slug: senders.slug })
    .from(senders)
    .where(or(sql`${senders.slug} = ${base}`, like(senders.slug, `${base}-%`)));
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
