// Relaxed DMARC alignment, simplified: two names align when they share the organizational domain,
// taken here as the last two labels (no public-suffix list: good enough to fill in a verdict a
// reporter left out, never used to overrule one it gave).

export interface AuthResult {
  domain: string;
  result: string;
}

export function organizationalDomain(domain: string): string {
  return domain.toLowerCase().split(".").slice(-2).join(".");
}

export function aligned(a: string, b: string): boolean {
  return !!a && !!b && organizationalDomain(a) === organizationalDomain(b);
}

export function alignedPass(headerFrom: string, results: readonly AuthResult[]): boolean {
  return results.some((r) => r.result === "pass" && aligned(r.domain, headerFrom));
}

// The domain that authenticated this mail: an aligned pass first, else any pass.
export function pickAuthDomain(headerFrom: string, results: readonly AuthResult[]): string | null {
  const passing = results.filter((r) => r.result === "pass" && r.domain);
  return (passing.find((r) => aligned(r.domain, headerFrom)) ?? passing[0])?.domain ?? null;
}
