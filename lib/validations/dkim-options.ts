// The DKIM key choices, without any server-only import: forms in the browser use them too.
export const DKIM_ALGORITHMS = ["rsa", "ed25519"] as const;
export type DkimAlgorithm = (typeof DKIM_ALGORITHMS)[number];
export const DKIM_RSA_BITS = [1024, 2048, 3072, 4096] as const;
export const DKIM_DEFAULT_RSA_BITS = 2048;
// RFC 8301: verifiers must not accept RSA keys under 1024 bits, so such a key would sign nothing.
export const DKIM_MIN_RSA_BITS = 1024;
export const DKIM_MAX_OVERLAP_DAYS = 90;
export const DKIM_ALGORITHM_LABELS: Record<DkimAlgorithm, string> = {
  rsa: "RSA (works everywhere)",
  ed25519: "Ed25519 (RFC 8463, not verified by every receiver)",
};
