"use client";

import { useState, useTransition } from "react";
import { setMergeGateAction } from "@/app/(dashboard)/settings/calibration/actions";
import { TableHead } from "@/components/ui/table-head";

export interface GateRepository {
  id: string;
  fullName: string;
  enabled: boolean;
  posted: number;
  failing: number;
  lastError: string | null;
}

export function GateToggles({ repositories, canWrite, gateBand }: { repositories: GateRepository[]; canWrite: boolean; gateBand: string }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState(() => new Map(repositories.map((r) => [r.id, r.enabled])));
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <h3 id="gate-h">Merge gate</h3>
      <p className="muted">
        Off by default. When on for a repository, Risk Ledger posts a commit status <code>risk-ledger/gate</code> on the
        head of every open pull request: failing when its band is {gateBand} or above (the policy&apos;s gate) and nobody
        eligible has attested it, passing otherwise, with the risk, band and top reason and a link to the change. This is
        the first thing Risk Ledger writes to GitHub: the token needs <code>repo:status</code> (classic) or
        &ldquo;Commit statuses: write&rdquo; (fine-grained). Require the status in branch protection to block merges.
      </p>
      {error ? (
        <div className="notice notice-error" role="status">
          {error}
        </div>
      ) : null}
      <div className="table-wrap">
        <table aria-labelledby="gate-h">
          <TableHead columns={["Repository", "Gate", { label: "Statuses posted", className: "num" }, "Last failed post"]} />
          <tbody>
            {repositories.map((r) => {
              const on = state.get(r.id) ?? false;
              return (
                <tr key={r.id}>
                  <td>{r.fullName}</td>
                  <td>
                    <label className="nowrap">
                      <input
                        type="checkbox"
                        checked={on}
                        disabled={!canWrite || pending}
                        data-testid={`gate-${r.fullName}`}
                        onChange={(e) => {
                          const enabled = e.currentTarget.checked;
                          setError(null);
                          setState((m) => new Map(m).set(r.id, enabled));
                          start(async () => {
                            const result = await setMergeGateAction({ repositoryId: r.id, enabled });
                            if (!result.ok) {
                              setState((m) => new Map(m).set(r.id, !enabled));
                              setError(result.error);
                            }
                          });
                        }}
                      />{" "}
                      {on ? "On: posting statuses" : "Off: read-only"}
                    </label>
                  </td>
                  <td className="num">{r.posted}</td>
                  <td>{r.failing ? <span className="status-fail">{r.failing} waiting for a retry: {r.lastError}</span> : <span className="muted">none</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
