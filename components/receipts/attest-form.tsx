"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { attestChangeAction } from "@/app/(dashboard)/receipts/actions";
import type { ActionResult } from "@/lib/auth/guard";

type Done = { attestationId: number; receiptSequence: number | null };

/** The attest action for an eligible engineer: a rationale, submitted with the score they are looking at. */
export function AttestForm({ changeId, assessmentId, riskLabel }: { changeId: number; assessmentId: number; riskLabel: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<Done> | null>(null);
  const errors = result && !result.ok ? result.fieldErrors?.rationale : undefined;
  return (
    <form
      aria-labelledby="attest-h"
      noValidate
      data-testid="attest-form"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        start(async () => {
          const r = await attestChangeAction(form);
          setResult(r);
          if (r.ok) router.refresh();
        });
      }}
    >
      <h3 id="attest-h">Attest this change</h3>
      <p className="muted">
        By attesting you state that you reviewed this risk ({riskLabel}) and accept it. Your name, the time and the score you
        accepted are recorded and signed into the change&apos;s receipt.
      </p>
      {result && !result.ok && !errors ? (
        <div className="notice notice-error" role="status" data-testid="attest-error">
          {result.error}
        </div>
      ) : null}
      {result?.ok ? (
        <div className="notice notice-ok" role="status" data-testid="attest-done">
          Attestation recorded
          {result.data.receiptSequence ? `; amendment receipt #${result.data.receiptSequence} issued.` : "; it will be carried by the merge receipt."}
        </div>
      ) : null}
      <input type="hidden" name="changeId" value={changeId} />
      <input type="hidden" name="assessmentId" value={assessmentId} />
      <div className="field">
        <label htmlFor="attest-rationale">Why you accept this risk</label>
        <textarea
          id="attest-rationale"
          name="rationale"
          rows={4}
          required
          minLength={10}
          maxLength={2000}
          aria-describedby="attest-rationale-hint attest-rationale-err"
          disabled={pending || result?.ok}
        />
        <span id="attest-rationale-hint" className="hint">
          What you checked and why the risk is acceptable (10–2,000 characters).
        </span>
        {errors ? (
          <span id="attest-rationale-err" className="field-error">
            {errors.join(" ")}
          </span>
        ) : null}
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending || result?.ok}>
        {pending ? "Recording…" : "I reviewed this risk and accept it"}
      </button>
    </form>
  );
}
