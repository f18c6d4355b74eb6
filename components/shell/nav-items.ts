import type { Capability } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  capability: Capability;
}

/** The navigation shows only what the role may use; every page still checks on the server. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/review", label: "Review queue", capability: "review:read" },
  { href: "/ledger", label: "Ledger", capability: "ledger:read" },
  { href: "/board", label: "Board", capability: "board:read" },
  { href: "/receipts", label: "Receipts", capability: "receipts:read" },
  { href: "/settings", label: "Settings", capability: "settings:read" },
  { href: "/settings/members", label: "Members", capability: "members:write" },
];
