"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { selectRepositoriesAction, startSyncAction } from "@/app/(dashboard)/settings/actions";

export interface RepositoryOption {
  fullName: string;
  selected: boolean;
  lastSyncedAt: string | null;
}

export function RepositoryPicker({ repositories, canSync }: { repositories: RepositoryOption[]; canSync: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [chosen, setChosen] = useState(() => new Set(repositories.filter((r) => r.selected).map((r) => r.fullName)));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [filter, setFilter] = useState("");
  const shown = repositories.filter((r) => r.fullName.toLowerCase().includes(filter.toLowerCase()));
  return (
    <div>
      <h3 id="repos-h">Repositories</h3>
      {message ? (
        <div className={`notice ${message.ok ? "notice-ok" : "notice-error"}`} role="status">
          {message.text}
        </div>
      ) : null}
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
            start(async () => {
              const r = await selectRepositoriesAction({ repositories: [...chosen] });
              setMessage(r.ok ? { ok: true, text: `${r.data.selected} repositories selected for sync.` } : { ok: false, text: r.error });
              router.refresh();
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
              start(async () => {
                const saved = await selectRepositoriesAction({ repositories: [...chosen] });
                if (!saved.ok) return setMessage({ ok: false, text: saved.error });
                const r = await startSyncAction({});
                setMessage(
                  r.ok
                    ? { ok: true, text: r.data.alreadyRunning ? "A sync is already running; follow it below." : "Sync started." }
                    : { ok: false, text: r.error },
                );
                router.refresh();
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
