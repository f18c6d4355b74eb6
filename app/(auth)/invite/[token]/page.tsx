import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/instance";
import { getOrganisation } from "@/db/queries/organisations";
import { findOpenInvitation } from "@/lib/services/members";
import { AcceptForm } from "./accept-form";

export const metadata: Metadata = { title: "Join an organisation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const invitation = await findOpenInvitation(db, token, new Date());
  const org = invitation ? await getOrganisation(db, invitation.orgId) : undefined;
  return (
    <main className="auth-wrap">
      <div className="panel auth-card">
        {invitation && org ? (
          <>
            <h1>Join {org.name}</h1>
            <p className="muted">You were invited as {invitation.roles.join(", ")}.</p>
            <AcceptForm token={token} email={invitation.email} />
          </>
        ) : (
          <>
            <h1>Invitation not valid</h1>
            <p className="muted">This link is invalid, already used or expired. Ask your admin for a new invitation.</p>
            <Link className="btn" href="/sign-in">
              Sign in
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
