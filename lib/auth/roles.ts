export const ROLES = ["admin", "engineer", "executive", "counsel"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  engineer: "Engineer",
  executive: "Executive",
  counsel: "Counsel",
};

/** Where each role lands after sign-in; with several roles, the first in this order wins. */
export const LANDING_ORDER: ReadonlyArray<readonly [Role, string]> = [
  ["engineer", "/review"],
  ["executive", "/board"],
  ["counsel", "/receipts"],
  ["admin", "/settings"],
];

export function landingPathFor(roles: readonly Role[]): string {
  for (const [role, path] of LANDING_ORDER) if (roles.includes(role)) return path;
  return "/no-access";
}
