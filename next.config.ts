import type { NextConfig } from "next";
import { PROXY_BODY_BUFFER_BYTES, SERVER_ACTION_BODY_LIMIT_BYTES } from "./lib/server/http/body-limits";
import { FORWARDED_HTTPS, HSTS_HEADER, SECURITY_HEADERS } from "./lib/server/http/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships a wasm build of PostgreSQL that must not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "pg-copy-streams"],
  poweredByHeader: false,
  typedRoutes: false,
  // Here rather than in proxy.ts: these reach every response, also static files, the relay API
  // and Next's own error pages, which the proxy does not see.
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/:path*", has: [FORWARDED_HTTPS], headers: [HSTS_HEADER] },
    ];
  },
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT_BYTES },
    // Above every body limit of ours, so our 413 decides and not Next's silent cut (body-limits.ts).
    proxyClientMaxBodySize: PROXY_BODY_BUFFER_BYTES,
  },
};

export default nextConfig;
