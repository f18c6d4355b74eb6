import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships wasm + data files; bundling them would copy them into public static assets.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "pg-boss", "pg", "graphql"],
  // A separate build folder lets two builds (a benchmark and a test run, say) coexist.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // `npm test` type-checks the whole project once (tsc --noEmit); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // forbidden() answers 403 with app/forbidden.tsx instead of a redirect.
  experimental: { authInterrupts: true },
};

export default nextConfig;
