import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { dkimKeys } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getSettings } from "@/lib/settings/settings";
import { type DomainDnsRecords, domainDnsRecords } from "./dns-records";
import { findDomainOrThrow } from "./domain-lock";
import { type DkimKeyView, type DomainView, toDkimKeyView } from "./domain-view";
import { retireDueDkimKeys } from "./retire-dkim-key";

export interface DomainDetail {
  domain: DomainView;
  // Newest first; never the private key.
  keys: DkimKeyView[];
  dns: DomainDnsRecords;
  reportEmail: string;
  reportEmailIsDefault: boolean;
}

export async function getDomain({ id }: { id: string }): Promise<DomainDetail> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such sending domain");
  await retireDueDkimKeys();
  const db = getDb();
  const domain = await findDomainOrThrow(id, db);
  const [rows, settings] = await Promise.all([
    db.select().from(dkimKeys).where(eq(dkimKeys.domainId, id)).orderBy(desc(dkimKeys.createdAt)),
    getSettings(["relay.egressAddresses", "dmarc.reportEmail"], db),
  ]);
  const reportEmail = domain.dmarcReportEmail ?? settings["dmarc.reportEmail"];
  const keys = rows.map(toDkimKeyView);
  const dns = domainDnsRecords({
    domain: domain.domain,
    keys,
    egressAddresses: settings["relay.egressAddresses"],
    reportEmail,
  });
  return { domain, keys, dns, reportEmail, reportEmailIsDefault: !domain.dmarcReportEmail };
}
