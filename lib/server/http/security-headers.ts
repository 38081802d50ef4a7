// Headers on every response (next.config.ts headers()). The CSP sets only directives that do not
// touch scripts or styles, so Next's inline bootstrap scripts keep working without nonces.
export const SECURITY_HEADERS = [
  {
    key: "Content-Security-Policy",
    value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'",
  },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  },
];

// HSTS only over HTTPS (a browser ignores it over HTTP, and a plain-HTTP install must stay usable).
export const HSTS_HEADER = { key: "Strict-Transport-Security", value: "max-age=31536000" };

// `next start` speaks plain HTTP, so HTTPS means a TLS-terminating proxy in front that says so in
// X-Forwarded-Proto (its first entry is the client's side). Matched as a whole: ^…$.
export const FORWARDED_HTTPS = { type: "header", key: "x-forwarded-proto", value: "https(?:\\s*,.*)?" } as const;
