"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/auth/guard";
import { ActionFeedback, failureOf, useActionFeedback } from "@/components/ui/use-action-feedback";

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
  const { pending, feedback, run } = useActionFeedback();
  return (
    <>
      <button
        className="btn"
        type="button"
        disabled={pending}
        onClick={() =>
          run(async () => {
            const r = await activate({ versionId });
            if (r.ok) router.refresh();
            return failureOf(r);
          })
        }
      >
        {pending ? "Activating…" : `Activate v${number}`}
      </button>
      <ActionFeedback feedback={feedback} inline />
    </>
  );
}
