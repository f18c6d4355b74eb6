"use client";

import Link from "next/link";
import { useActionState } from "react";
import { acceptInvitationAction, type AcceptState } from "./actions";

export function AcceptForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptInvitationAction, {});
  if (state.done) {
    return (
      <div className="notice notice-ok" role="status">
        Your account for {state.done.email} is ready. <Link href="/sign-in">Sign in</Link>.
      </div>
    );
  }
  return (
    <form action={action}>
      {state.error ? (
        <div className="notice notice-error" role="status">
          {state.error}
        </div>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <div className="field">
        <label htmlFor="invite-email">Email</label>
        <input id="invite-email" value={email} readOnly />
      </div>
      <div className="field">
        <label htmlFor="name">Your name</label>
        <input id="name" name="name" autoComplete="name" required />
        {state.fieldErrors?.name ? <span className="field-error">{state.fieldErrors.name.join(" ")}</span> : null}
      </div>
      <div className="field">
        <label htmlFor="new-password">Choose a password</label>
        <input id="new-password" name="password" type="password" autoComplete="new-password" required />
        {state.fieldErrors?.password ? <span className="field-error">{state.fieldErrors.password.join(" ")}</span> : null}
      </div>
      <button className="btn btn-primary" type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Join"}
      </button>
    </form>
  );
}
