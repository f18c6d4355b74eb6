import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { NavLinks } from "@/components/shell/nav-links";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { getCurrentSession } from "@/lib/auth/current-session";
import { can } from "@/lib/auth/permissions";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { SignOutForm } from "@/components/shell/sign-out-form";
import { switchOrganisationAction } from "./actions";

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
          <OrgSwitcher
            orgs={session.orgs.map((o) => ({ id: o.id, name: o.name }))}
            currentId={session.org.id}
            switchAction={switchOrganisationAction}
          />
          <div>
            <div style={{ color: "var(--text)" }}>{session.user.name}</div>
            <div>{session.roles.map((r) => ROLE_LABELS[r]).join(", ")}</div>
          </div>
          <SignOutForm />
        </div>
      </aside>
      <main className="main" id="content">
        {children}
      </main>
    </div>
  );
}
