import { AppError } from "@/lib/errors";

const SELECTOR_PREFIX = "sy";
const MAX_DNS_NAME_LENGTH = 253;

// a, b, … z, aa, ab, …: bijective base 26, so every index has exactly one suffix.
function letterSuffix(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    n -= 1;
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  }
  return out;
}

// Date-based default: sy2026a, then sy2026b, … — the first one this domain has not used yet
// (retired selectors included: a selector is never reused, so old signatures never verify
// against a different key).
export function defaultSelector(now: Date, taken: ReadonlySet<string>): string {
  const base = `${SELECTOR_PREFIX}${now.getUTCFullYear()}`;
  for (let i = 0; ; i++) {
    const candidate = base + letterSuffix(i);
    if (!taken.has(candidate)) return candidate;
  }
}

export function dkimRecordName(selector: string, domain: string): string {
  return `${selector}._domainkey.${domain}`;
}

// The selector is valid on its own (validation schema); here: unused on this domain, and the
// full record name still fits in DNS.
export function assertSelectorUsable(selector: string, domain: string, taken: ReadonlySet<string>): void {
  if (taken.has(selector)) {
    throw new AppError("conflict", `Selector ${selector} is already used on ${domain}; choose another one`, {
      selector: [`Already used on ${domain} (selectors are never reused)`],
    });
  }
  if (dkimRecordName(selector, domain).length > MAX_DNS_NAME_LENGTH) {
    throw new AppError("validation_failed", "Selector is too long for this domain", {
      selector: [`${selector}._domainkey.${domain} would be longer than ${MAX_DNS_NAME_LENGTH} characters`],
    });
  }
}
