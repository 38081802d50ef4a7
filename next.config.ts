import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a wasm build of PostgreSQL that must not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    serverActions: { bodySizeLimit: "256kb" },
  },
};

export default nextConfig;
