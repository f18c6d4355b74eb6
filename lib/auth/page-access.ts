import type { Capability } from "./permissions";

/**
 * What every page requires. A test checks that each page file is listed here and calls requirePage with this
 * capability, and the e2e suite walks the whole role × page matrix against the running server.
 */
export const PAGE_ACCESS: Record<string, Capability | "public" | "signed-in"> = {
  "/": "signed-in",
  "/sign-in": "public",
  "/invite/[token]": "public",
  "/no-access": "signed-in",
  "/ledger": "ledger:read",
  "/ledger/[change]": "ledger:read",
  "/review": "review:read",
  "/board": "board:read",
  "/receipts": "receipts:read",
  "/receipts/[receipt]": "receipts:read",
  "/receipts/attest": "change:attest",
  "/settings": "settings:read",
  "/settings/members": "members:write",
  "/settings/policy": "policy:write",
  "/settings/calibration": "settings:read",
};

/** API routes and what they require; "public" ones authenticate by other means (a signature, the auth flow). */
export const ROUTE_ACCESS: Record<string, Capability | "public"> = {
  "/api/auth/[...nextauth]": "public",
  "/api/audit": "settings:read",
  "/api/receipts/export": "receipts:export",
  "/api/receipts/public-key": "receipts:read",
  "/api/sync-runs": "settings:read",
  "/api/webhooks/github": "public",
  "/api/ledger": "ledger:read",
  "/api/ledger/export": "ledger:export",
  "/api/board/report": "board:export",
};
