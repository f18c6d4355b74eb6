import Link from "next/link";
import type { SyncedFailureEvidence } from "@/db/schema";
import { BandBadge } from "@/components/ui/band-badge";
import { formatDate } from "@/components/ui/format";
import type { Band } from "@/lib/scoring/types";
import { TableHead } from "@/components/ui/table-head";

export interface FailedChange {
  id: number;
  repo: string;
  number: number | null;
  title: string;
  mergedAt: Date | null;
  risk: number | null;
  band: Band | null;
  evidence: SyncedFailureEvidence[];
}

function Evidence({ e }: { e: SyncedFailureEvidence }) {
  const by = (
    <Link className="pr-link" href={`/ledger/${e.byChangeId}`}>
      {e.byNumber !== null ? `#${e.byNumber} ` : ""}
      {e.byTitle}
    </Link>
  );
  if (e.kind === "revert") {
    const how = e.matchedBy === "sha" ? "names its merge commit" : e.matchedBy === "pull-request" ? "names the pull request" : "quotes its title";
    return (
      <li>
        <span className="evidence-kind">revert</span> reverted by {by}, {e.daysAfter} days later (the revert {how})
      </li>
    );
  }
  return (
    <li>
      <span className="evidence-kind">fix, file level</span> fix {by}, {e.daysAfter} days later, touched{" "}
      {e.paths.map((p, i) => (
        <span key={p}>
          {i ? ", " : ""}
          <code className="path">{p}</code>
        </span>
      ))}
    </li>
  );
}

export function FailedChanges({ changes }: { changes: FailedChange[] }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table aria-label="Failed changes and the evidence">
        <TableHead columns={["Merged", "Change", "Risk (current score)", "Evidence"]} />
        <tbody>
          {changes.map((c) => (
            <tr key={c.id} data-testid="failed-change">
              <td className="nowrap num">{formatDate(c.mergedAt)}</td>
              <td>
                <Link className="pr-link" href={`/ledger/${c.id}`}>
                  {c.repo}
                  {c.number !== null ? `#${c.number}` : ""}
                </Link>{" "}
                {c.title}
              </td>
              <td>
                <BandBadge band={c.band} risk={c.risk} />
              </td>
              <td>
                <ul className="evidence" style={{ flexDirection: "column" }}>
                  {c.evidence.map((e, i) => (
                    <Evidence key={i} e={e} />
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
