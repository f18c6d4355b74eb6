import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { NavLinks } from "@/components/shell/nav-links";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { getCurrentSession } from "@/lib/auth/current-session";
import { can } from "@/lib/auth/permissions";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { Providers } from "../providers";
import { signOutAction } from "./actions";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await getCurrentSession();
  if (!session) redirect("/sign-in");
  if (!session.org) redirect("/no-access");
  const items = NAV_ITEMS.filter((i) => can(session.roles, i.capability)).map(({ href, label }) => ({ href, label }));
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          Risk Ledger
          <small>{session.org.name}</small>
        </div>
        <NavLinks items={items} />
        <div className="sidebar-footer">
          <Providers>
            <OrgSwitcher orgs={session.orgs.map((o) => ({ id: o.id, name: o.name }))} currentId={session.org.id} />
          </Providers>
          <div>
            <div style={{ color: "var(--text)" }}>{session.user.name}</div>
            <div>{session.roles.map((r) => ROLE_LABELS[r]).join(", ")}</div>
          </div>
          <form action={signOutAction}>
            <button className="btn" type="submit">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main className="main" id="content">
        <Providers>{children}</Providers>
      </main>
    </div>
  );
}
