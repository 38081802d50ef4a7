import { checkDkim, type HeldDkimKey } from "./dkim-check";
import { checkDmarc } from "./dmarc-check";
import { memoizedResolver, type PostureResolver } from "./dns-resolver";
import { type Finding, type PostureStatus, worstStatus } from "./finding";
import { checkSpf } from "./spf-check";

export interface DnsCheckOutcome {
  findings: Finding[];
  status: PostureStatus;
  durationMs: number;
  lookups: number;
}

// SPF, DKIM and DMARC of one domain, against DNS only (no database): what the scheduled check,
// "Check now" and the benchmark all run.
export async function runDnsChecks(input: {
  domain: string;
  keys: readonly HeldDkimKey[];
  egressAddresses: readonly string[];
  reportEmail: string;
  resolver: PostureResolver;
}): Promise<DnsCheckOutcome> {
  const started = performance.now();
  const resolver = memoizedResolver(input.resolver);
  const [spf, dkim, dmarc] = await Promise.all([
    checkSpf({ domain: input.domain, egressAddresses: input.egressAddresses, resolver }),
    checkDkim({ domain: input.domain, keys: input.keys, resolver }),
    checkDmarc({ domain: input.domain, reportEmail: input.reportEmail, resolver }),
  ]);
  const findings = [...spf, ...dkim, ...dmarc.findings];
  return {
    findings,
    status: worstStatus(findings),
    durationMs: Math.round(performance.now() - started),
    lookups: resolver.lookups(),
  };
}
