import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/auth/current-session";
import { SignOutForm } from "@/components/shell/sign-out-form";

export default async function NoAccess() {
  const session = await getCurrentSession();
  if (!session) redirect("/sign-in");
  if (session.org && session.roles.length) redirect("/");
  return (
    <main className="auth-wrap">
      <div className="panel auth-card">
        <h1>No organisation yet</h1>
        <p className="muted">
          You are signed in as {session.user.email}, but you are not a member of any organisation. Ask an admin to
          invite you.
        </p>
        <SignOutForm />
      </div>
    </main>
  );
}
