"use client";

import { useQuery } from "@tanstack/react-query";
import { TableHead } from "@/components/ui/table-head";

interface SyncRunView {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  trigger: string;
  reposTotal: number;
  reposDone: number;
  prsFetched: number;
  prsScored: number;
  rateLimitRemaining: number | null;
  rateLimitResetAt: string | null;
  errors: Array<{ at: string; repo?: string; message: string }>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const time = (iso: string | null) => (iso ? iso.slice(0, 19).replace("T", " ") : "—");

/** Live sync progress: polled every second while a run is active, every 15 s otherwise. */
export function SyncProgress({ initial }: { initial: SyncRunView[] }) {
  const { data, isError } = useQuery({
    queryKey: ["sync-runs"],
    queryFn: async (): Promise<SyncRunView[]> => {
      const res = await fetch("/api/sync-runs", { cache: "no-store" });
      if (!res.ok) throw new Error(`status ${res.status}`);
      return ((await res.json()) as { runs: SyncRunView[] }).runs;
    },
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === "queued" || r.status === "running") ? 1000 : 15_000),
  });
  const runs = data ?? [];
  const current = runs[0];
  const active = current && (current.status === "queued" || current.status === "running");
  const percent = current && current.reposTotal > 0 ? Math.round((current.reposDone / current.reposTotal) * 100) : active ? 0 : 100;
  return (
    <div>
      <h3>Sync</h3>
      {isError ? (
        <div className="notice notice-error" role="status">
          Progress could not be refreshed; the sync itself continues on the server.
        </div>
      ) : null}
      {!current ? (
        <p className="muted">No sync has run yet. Pick repositories and start one.</p>
      ) : (
        <div data-testid="sync-current" data-status={current.status}>
          <div style={{ display: "flex", justifyContent: "space-between", gap: 12, flexWrap: "wrap" }}>
            <strong>
              {current.status === "queued" && "Queued"}
              {current.status === "running" && "Syncing…"}
              {current.status === "succeeded" && (current.errors.length ? "Finished with errors" : "Finished")}
              {current.status === "failed" && "Failed"}
              {current.status === "cancelled" && "Cancelled"}
            </strong>
            <span className="muted">started {time(current.startedAt ?? current.createdAt)} UTC</span>
          </div>
          <progress
            max={100}
            value={percent}
            aria-label="Repositories synced"
            aria-valuetext={`${current.reposDone} of ${current.reposTotal} repositories`}
            style={{ width: "100%", height: 14, margin: "6px 0" }}
          />
          <div className="form-row muted" style={{ gap: 20 }}>
            <span>
              Repositories <strong>{current.reposDone}</strong> / {current.reposTotal}
            </span>
            <span>
              Pull requests fetched <strong>{current.prsFetched.toLocaleString("en-US")}</strong>
            </span>
            <span>
              scored <strong>{current.prsScored.toLocaleString("en-US")}</strong>
            </span>
            <span>
              GitHub points left{" "}
              <strong>{current.rateLimitRemaining === null ? "—" : current.rateLimitRemaining.toLocaleString("en-US")}</strong>
              {current.rateLimitResetAt ? ` (resets ${time(current.rateLimitResetAt).slice(11)} UTC)` : ""}
            </span>
          </div>
          {current.errors.length ? (
            <ul className="field-error">
              {current.errors.slice(-5).map((e) => (
                <li key={e.at + e.message}>
                  {e.repo ? <span className="mono">{e.repo}: </span> : null}
                  {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
      {runs.length > 1 ? (
        <details style={{ marginTop: 10 }}>
          <summary>History</summary>
          <table className="table">
            <TableHead columns={["Started (UTC)", "Trigger", "Status", { label: "Pull requests", className: "num" }, { label: "Errors", className: "num" }]} />
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{time(r.startedAt ?? r.createdAt)}</td>
                  <td>{r.trigger}</td>
                  <td>{r.status}</td>
                  <td className="num">{r.prsFetched.toLocaleString("en-US")}</td>
                  <td className="num">{r.errors.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}
