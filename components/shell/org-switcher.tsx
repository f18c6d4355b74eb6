"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guard";

/**
 * The action comes in as a prop from the server layout rather than imported here: importing a "use server"
 * module into a client one adds the action-client runtime to every page's first load.
 */
export function OrgSwitcher({
  orgs,
  currentId,
  switchAction,
}: {
  orgs: { id: string; name: string }[];
  currentId: string;
  switchAction: (input: { orgId: string }) => Promise<ActionResult<unknown>>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (orgs.length < 2) return null;
  return (
    <div className="field" style={{ marginBottom: 0 }}>
      <label htmlFor="org-switcher">Organisation</label>
      <select
        id="org-switcher"
        value={currentId}
        disabled={pending}
        onChange={(e) => {
          const orgId = e.target.value;
          start(async () => {
            const result = await switchAction({ orgId });
            if (!result.ok) setError(result.error);
            else router.push("/");
            router.refresh();
          });
        }}
      >
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}
