import type { Metadata } from "next";
import { listAuditEvents } from "@/db/queries/audit";
import { listMembers, listPendingInvitations } from "@/db/queries/memberships";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { CancelInvitationButton, InviteForm, MemberRow } from "./members-ui";
import { TableHead } from "@/components/ui/table-head";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const ctx = await requirePage("members:write", "/settings/members");
  const now = new Date();
  const [members, invitations, audit] = await Promise.all([
    listMembers(ctx.db, ctx.org.id),
    listPendingInvitations(ctx.db, ctx.org.id, now),
    listAuditEvents(ctx.db, ctx.org.id, 15),
  ]);
  return (
    <>
      <PageHeader title="Members and roles" description={`Who can use ${ctx.org.name}, and what each role may do.`} />
      <section className="panel">
        <InviteForm />
      </section>
      <section className="panel" aria-labelledby="members-h">
        <h2 id="members-h">Members ({members.length})</h2>
        <table className="table">
          <TableHead columns={["Member", "Roles", "Actions"]} />
          <tbody>
            {members.map((m) => (
              <MemberRow key={m.userId} member={m} isSelf={m.userId === ctx.user.id} />
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="inv-h">
        <h2 id="inv-h">Pending invitations</h2>
        {invitations.length === 0 ? (
          <p className="muted">No pending invitations.</p>
        ) : (
          <table className="table">
            <TableHead columns={["Email", "Roles", "Expires", "Actions"]} />
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.roles.map((r) => ROLE_LABELS[r]).join(", ")}</td>
                  <td>{i.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
                  <td>
                    <CancelInvitationButton invitationId={i.id} email={i.email} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="audit-h">
        <h2 id="audit-h">Recent activity</h2>
        {audit.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <table className="table">
            <TableHead columns={["When (UTC)", "Who", "What"]} />
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <td>{a.at.toISOString().slice(0, 16).replace("T", " ")}</td>
                  <td>{a.actorName ?? "system"}</td>
                  <td>
                    {a.action} {a.target ? <span className="muted">{a.target}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
