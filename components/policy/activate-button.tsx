"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guard";

export function ActivateButton({
  versionId,
  number,
  activate,
}: {
  versionId: string;
  number: number;
  activate: (input: { versionId: string }) => Promise<ActionResult<{ number: number }>>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        className="btn"
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await activate({ versionId });
            if (r.ok) router.refresh();
            else setError(r.error);
          })
        }
      >
        {pending ? "Activating…" : `Activate v${number}`}
      </button>
      {error ? (
        <span className="field-error" role="status">
          {error}
        </span>
      ) : null}
    </>
  );
}
