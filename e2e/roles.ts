import { DEFAULT_DEMO_PASSWORD, DEMO_USERS } from "../lib/services/demo-org";
import type { Role } from "../lib/auth/roles";

export const PASSWORD = DEFAULT_DEMO_PASSWORD;

export function demoUser(role: Role) {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user for ${role}`);
  return user;
}

export function storageStateOf(role: Role): string {
  return `e2e/.auth/${role}.json`;
}

export const LANDING: Record<Role, string> = {
  admin: "/settings",
  engineer: "/review",
  executive: "/board",
  counsel: "/receipts",
};
