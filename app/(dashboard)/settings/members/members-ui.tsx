"use client";

import { useState, useTransition } from "react";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import type { ActionResult } from "@/lib/auth/guard";
import { cancelInvitationAction, changeMemberRolesAction, inviteMemberAction, removeMemberAction } from "./actions";

type InviteData = { kind: "added"; email: string } | { kind: "invited"; email: string; path: string; expiresAt: string };

export function InviteForm() {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<InviteData> | null>(null);
  const [origin] = useState(() => (typeof window === "undefined" ? "" : window.location.origin));
  return (
    <form
      aria-labelledby="invite-h"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const target = e.currentTarget;
        start(async () => {
          const r = await inviteMemberAction(form);
          setResult(r);
          if (r.ok) target.reset();
        });
      }}
    >
      <h2 id="invite-h">Invite a member</h2>
      {result && !result.ok ? (
        <div className="notice notice-error" role="status" data-testid="invite-error">
          {result.error}
        </div>
      ) : null}
      {result?.ok && result.data.kind === "added" ? (
        <div className="notice notice-ok" role="status">
          {result.data.email} already had an account and is now a member.
        </div>
      ) : null}
      {result?.ok && result.data.kind === "invited" ? (
        <div className="notice notice-ok" role="status" data-testid="invite-link">
          Invitation created for {result.data.email}. Send them this one-time link (valid 7 days; shown only now):
          <div className="mono" style={{ wordBreak: "break-all", marginTop: 6 }}>
            {origin}
            {result.data.path}
          </div>
        </div>
      ) : null}
      <div className="form-row">
        <div className="field" style={{ minWidth: 260 }}>
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" name="email" type="email" required aria-describedby="invite-email-err" />
          {result && !result.ok && result.fieldErrors?.email ? (
            <span id="invite-email-err" className="field-error">
              {result.fieldErrors.email.join(" ")}
            </span>
          ) : null}
        </div>
        <fieldset className="field">
          <legend>Roles</legend>
          <div className="checks">
            {ROLES.map((r) => (
              <label key={r}>
                <input type="checkbox" name="roles" value={r} defaultChecked={r === "engineer"} /> {ROLE_LABELS[r]}
              </label>
            ))}
          </div>
          {result && !result.ok && result.fieldErrors?.roles ? (
            <span className="field-error">{result.fieldErrors.roles.join(" ")}</span>
          ) : null}
        </fieldset>
        <div className="field">
          <button className="btn btn-primary" type="submit" disabled={pending}>
            {pending ? "Inviting…" : "Invite"}
          </button>
        </div>
      </div>
    </form>
  );
}

export function MemberRow({
  member,
  isSelf,
}: {
  member: { userId: string; name: string; email: string; roles: Role[] };
  isSelf: boolean;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [roles, setRoles] = useState<Role[]>(member.roles);
  const dirty = roles.slice().sort().join() !== member.roles.slice().sort().join();
  return (
    <tr>
      <td>
        {member.name}
        {isSelf ? <span className="muted"> (you)</span> : null}
        <div className="muted">{member.email}</div>
      </td>
      <td>
        <fieldset style={{ border: "none", padding: 0, margin: 0 }}>
          <legend className="visually-hidden">Roles of {member.name}</legend>
          <div className="checks">
            {ROLES.map((r) => (
              <label key={r}>
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
                />{" "}
                {ROLE_LABELS[r]}
              </label>
            ))}
          </div>
        </fieldset>
        {error ? (
          <div className="field-error" role="status">
            {error}
          </div>
        ) : null}
      </td>
      <td style={{ whiteSpace: "nowrap" }}>
        <button
          className="btn"
          type="button"
          disabled={!dirty || pending}
          onClick={() =>
            start(async () => {
              const r = await changeMemberRolesAction({ userId: member.userId, roles });
              setError(r.ok ? null : (r.fieldErrors?.roles?.join(" ") ?? r.error));
              if (!r.ok) setRoles(member.roles);
            })
          }
        >
          Save roles
        </button>{" "}
        <button
          className="btn btn-danger"
          type="button"
          disabled={pending}
          onClick={() => {
            if (!window.confirm(`Remove ${member.name} from this organisation?`)) return;
            start(async () => {
              const r = await removeMemberAction({ userId: member.userId });
              setError(r.ok ? null : r.error);
            });
          }}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}

export function CancelInvitationButton({ invitationId, email }: { invitationId: string; email: string }) {
  const [pending, start] = useTransition();
  return (
    <button
      className="btn btn-danger"
      type="button"
      disabled={pending}
      aria-label={`Cancel invitation for ${email}`}
      onClick={() => start(async () => void (await cancelInvitationAction({ invitationId })))}
    >
      Cancel
    </button>
  );
}
