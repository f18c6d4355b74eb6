"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { selectRepositoriesAction, startSyncAction } from "@/app/(dashboard)/settings/actions";
import { ActionFeedback, failureOf, useActionFeedback } from "@/components/ui/use-action-feedback";

export interface RepositoryOption {
  fullName: string;
  selected: boolean;
  lastSyncedAt: string | null;
}

export function RepositoryPicker({ repositories, canSync }: { repositories: RepositoryOption[]; canSync: boolean }) {
  const router = useRouter();
  const { pending, feedback, run } = useActionFeedback();
  const [chosen, setChosen] = useState(() => new Set(repositories.filter((r) => r.selected).map((r) => r.fullName)));
  const [filter, setFilter] = useState("");
  const shown = repositories.filter((r) => r.fullName.toLowerCase().includes(filter.toLowerCase()));
  return (
    <div>
      <h3 id="repos-h">Repositories</h3>
      <ActionFeedback feedback={feedback} />
      {repositories.length > 12 ? (
        <div className="field" style={{ maxWidth: 320 }}>
          <label htmlFor="repo-filter">Filter repositories</label>
          <input id="repo-filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      ) : null}
      <fieldset aria-labelledby="repos-h" style={{ border: "none", padding: 0, margin: "0 0 12px", maxHeight: 320, overflow: "auto" }}>
        {shown.map((r) => (
          <label key={r.fullName} style={{ display: "flex", gap: 8, padding: "3px 0" }}>
            <input
              type="checkbox"
              checked={chosen.has(r.fullName)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(r.fullName);
                else next.delete(r.fullName);
                setChosen(next);
              }}
            />
            <span className="mono">{r.fullName}</span>
            <span className="muted">{r.lastSyncedAt ? `synced ${r.lastSyncedAt.slice(0, 16).replace("T", " ")} UTC` : "never synced"}</span>
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <button
          className="btn"
          type="button"
          disabled={pending}
          onClick={() =>
            run(async () => {
              const r = await selectRepositoriesAction({ repositories: [...chosen] });
              router.refresh();
              return r.ok ? { ok: true, text: `${r.data.selected} repositories selected for sync.` } : failureOf(r);
            })
          }
        >
          Save selection
        </button>
        {canSync ? (
          <button
            className="btn btn-primary"
            type="button"
            disabled={pending}
            onClick={() =>
              run(async () => {
                const saved = await selectRepositoriesAction({ repositories: [...chosen] });
                if (!saved.ok) return failureOf(saved);
                const r = await startSyncAction({});
                router.refresh();
                if (!r.ok) return failureOf(r);
                return { ok: true, text: r.data.alreadyRunning ? "A sync is already running; follow it below." : "Sync started." };
              })
            }
          >
            Save and sync now
          </button>
        ) : null}
      </div>
    </div>
  );
}
