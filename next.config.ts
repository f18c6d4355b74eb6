import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships wasm + data files; bundling them would copy them into public static assets.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() answers 403 with app/forbidden.tsx instead of a redirect.
  experimental: { authInterrupts: true },
};

export default nextConfig;
