import { type DomainSources, listDomainSources } from "@/lib/dmarc/list-sources";
import { type PathToReject, pathToReject } from "@/lib/dmarc/path-to-reject";
import { type PassRatePoint, passRateSeries } from "@/lib/dmarc/source-stats";
import type { PostureResolver } from "./dns-resolver";
import { type LatestDnsCheck, latestDnsCheck } from "./latest-checks";

export interface DomainPosture extends DomainSources {
  check: LatestDnsCheck | null;
  passRate: PassRatePoint[];
  pathToReject: PathToReject;
}

// Everything the domain's posture page and GET /api/v1/domains/{id}/posture show: the latest DNS
// check, the sources seen in reports over the window, the daily pass rate and the checklist.
export async function getDomainPosture({
  domainId,
  days,
  resolver,
}: {
  domainId: string;
  days?: number;
  resolver?: PostureResolver;
}): Promise<DomainPosture> {
  const sources = await listDomainSources({ domainId, days, resolver });
  const [check, passRate] = await Promise.all([
    latestDnsCheck(domainId),
    passRateSeries({ domain: sources.domain.domain, from: sources.window.from, to: sources.window.to }),
  ]);
  return {
    ...sources,
    check,
    passRate,
    pathToReject: pathToReject({
      findings: check?.findings ?? null,
      sources: sources.sources,
      hasReports: sources.window.hasReports,
    }),
  };
}
