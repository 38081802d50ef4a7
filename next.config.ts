import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a wasm build of PostgreSQL that must not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
    serverActions: { bodySizeLimit: "256kb" },
  },
};

export default nextConfig;
