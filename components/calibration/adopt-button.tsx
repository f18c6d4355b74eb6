"use client";

import { useState, useTransition } from "react";
import { adoptCalibrationAction } from "@/app/(dashboard)/settings/calibration/actions";

export function AdoptButton({ basedOnVersion, recommendation }: { basedOnVersion: string; recommendation: string }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const caution = recommendation !== "adopt";
  return (
    <div>
      {caution ? (
        <p className="muted">
          The evidence does not show that the calibrated weights rank failures better; adopting them is a judgement call.
        </p>
      ) : null}
      {message ? (
        <div className={`notice ${message.ok ? "notice-ok" : "notice-error"}`} role="status" data-testid="adopt-result">
          {message.text}
        </div>
      ) : null}
      <button
        className={`btn ${caution ? "" : "btn-primary"}`}
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await adoptCalibrationAction({ basedOnVersion });
            setMessage(
              r.ok
                ? { ok: true, text: `Saved as policy version ${r.data.number} and activated; changes are being rescored.` }
                : { ok: false, text: [r.error, ...Object.values(r.fieldErrors ?? {}).flat()].join(" ") },
            );
          })
        }
      >
        {pending ? "Adopting…" : "Adopt as a new policy version"}
      </button>
    </div>
  );
}
