import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships wasm + data files; bundling them would copy them into public static assets.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
