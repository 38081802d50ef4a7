import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dmarcSourceMarks, sendingDomains } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import type { ClearSourceMarkInput, MarkSourceInput } from "@/lib/validations/posture";

async function domainName(domainId: string): Promise<string> {
  const [domain] = await getDb()
    .select({ domain: sendingDomains.domain })
    .from(sendingDomains)
    .where(eq(sendingDomains.id, domainId));
  if (!domain) throw new AppError("not_found", "No such sending domain", { domainId: ["No such sending domain"] });
  return domain.domain;
}

export interface SourceMarkView {
  domain: string;
  sourceIp: string;
  verdict: string;
  note: string | null;
  markedAt: Date;
}

// A person's verdict on a source seen in the domain's reports, kept as a finding: the source stops
// being highlighted and counts as reviewed on the path to p=reject. Marking again replaces the note.
export async function markDmarcSource({
  actor,
  input: data,
}: {
  actor: Actor;
  input: MarkSourceInput;
}): Promise<SourceMarkView> {
  const domain = await domainName(data.domainId);
  return getDb().transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(dmarcSourceMarks)
      .where(and(eq(dmarcSourceMarks.domain, domain), eq(dmarcSourceMarks.sourceIp, data.sourceIp)));
    const values = { verdict: data.verdict, note: data.note, markedBy: actor.id, markedAt: new Date() };
    const [row] = await tx
      .insert(dmarcSourceMarks)
      .values({ domain, sourceIp: data.sourceIp, ...values })
      .onConflictDoUpdate({ target: [dmarcSourceMarks.domain, dmarcSourceMarks.sourceIp], set: values })
      .returning();
    await writeAudit(tx, actor, {
      action: "dmarc_source.mark",
      targetType: "dmarc_source",
      targetId: `${domain} ${data.sourceIp}`,
      reason: data.note,
      before: before ? { verdict: before.verdict, note: before.note } : null,
      after: { domain, sourceIp: data.sourceIp, verdict: data.verdict },
    });
    return { domain, sourceIp: row.sourceIp, verdict: row.verdict, note: row.note, markedAt: row.markedAt };
  });
}

// Takes a verdict back (a mistake, or the source turned out to be legitimate).
export async function clearDmarcSourceMark({
  actor,
  input: data,
}: {
  actor: Actor;
  input: ClearSourceMarkInput;
}): Promise<{ domain: string; sourceIp: string }> {
  const domain = await domainName(data.domainId);
  return getDb().transaction(async (tx) => {
    const [removed] = await tx
      .delete(dmarcSourceMarks)
      .where(and(eq(dmarcSourceMarks.domain, domain), eq(dmarcSourceMarks.sourceIp, data.sourceIp)))
      .returning();
    if (!removed) throw new AppError("not_found", `${data.sourceIp} is not marked for ${domain}`);
    await writeAudit(tx, actor, {
      action: "dmarc_source.unmark",
      targetType: "dmarc_source",
      targetId: `${domain} ${data.sourceIp}`,
      reason: data.reason,
      before: { verdict: removed.verdict, note: removed.note },
    });
    return { domain, sourceIp: data.sourceIp };
  });
}
