import type { Role } from "./roles";

/** Everything a signed-in member can be allowed to do. Permissions are data: this table is the whole policy. */
export const CAPABILITIES = [
  "ledger:read",
  "ledger:export",
  "review:read",
  "change:attest",
  "board:read",
  "board:export",
  "receipts:read",
  "receipts:export",
  "settings:read",
  "members:write",
  "policy:write",
  "tokens:write",
  "sync:run",
  "org:switch",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: [
    "ledger:read",
    "ledger:export",
    "review:read",
    "board:read",
    "board:export",
    "receipts:read",
    "receipts:export",
    "settings:read",
    "members:write",
    "policy:write",
    "tokens:write",
    "sync:run",
    "org:switch",
  ],
  engineer: ["ledger:read", "ledger:export", "review:read", "change:attest", "org:switch"],
  executive: ["board:read", "board:export", "ledger:read", "receipts:read", "org:switch"],
  counsel: ["receipts:read", "receipts:export", "org:switch"],
};

export function can(roles: readonly Role[] | null | undefined, capability: Capability): boolean {
  if (!roles) return false;
  return roles.some((role) => ROLE_CAPABILITIES[role].includes(capability));
}

export function capabilitiesOf(roles: readonly Role[]): Capability[] {
  return CAPABILITIES.filter((c) => can(roles, c));
}
