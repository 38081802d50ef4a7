// How strong a deployment secret looks. A generated one (openssl rand -base64 48) passes with a
// wide margin; "aaaa…", a repeated short pattern or a short passphrase is refused.
export const MIN_SECRET_CHARS = 32;
export const MIN_SECRET_BITS = 128;
export const MAKE_SECRET_HINT = "make one with: openssl rand -base64 48";

// The shortest unit the text repeats ("abcabcab" → "abc"), so a repeated pattern counts once.
function repeatingUnit(chars: string[]): string[] {
  for (let period = 1; period <= chars.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < chars.length && repeats; i++) repeats = chars[i] === chars[i - period];
    if (repeats) return chars.slice(0, period);
  }
  return chars;
}

// Bits estimated from the character frequencies of the repeating unit (Shannon entropy × length):
// a lower bound for random text, and close to nothing for "aaaa…" or "abab…".
export function estimateSecretBits(secret: string): number {
  const unit = repeatingUnit(Array.from(secret));
  const counts = new Map<string, number>();
  for (const char of unit) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const count of counts.values()) {
    const p = count / unit.length;
    bitsPerChar -= p * Math.log2(p);
  }
  return bitsPerChar * unit.length;
}

// Why this secret is too weak, in one sentence naming where it came from; null when it is fine.
export function secretWeakness(secret: string, source = "SWITCHYARD_SECRET"): string | null {
  const length = Array.from(secret).length;
  if (length < MIN_SECRET_CHARS)
    return `${source} is too short (${length} characters, at least ${MIN_SECRET_CHARS} needed): ${MAKE_SECRET_HINT}`;
  const bits = Math.floor(estimateSecretBits(secret));
  if (bits < MIN_SECRET_BITS)
    return `${source} is too predictable (about ${bits} bits of entropy, at least ${MIN_SECRET_BITS} needed; repeated or few distinct characters): ${MAKE_SECRET_HINT}`;
  return null;
}
