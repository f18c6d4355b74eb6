import type { CheckStatus, PolicyCheck } from "@/lib/scoring/types";
import { EvidenceList } from "./evidence";
import { TableHead } from "@/components/ui/table-head";

const STATUS: Record<CheckStatus, { icon: string; label: string; className: string }> = {
  pass: { icon: "✓", label: "Pass", className: "status-ok" },
  fail: { icon: "✗", label: "Fail", className: "status-fail" },
  not_applicable: { icon: "–", label: "Not applicable", className: "muted" },
  unknown: { icon: "?", label: "Unknown", className: "status-unknown" },
};

/** Each declared control with its result and evidence: the change's answer to SOC 2 CC8.1. */
export function ChecksTable({ checks }: { checks: readonly PolicyCheck[] }) {
  return (
    <section className="panel" aria-labelledby="checks-h">
      <h2 id="checks-h">Policy checks</h2>
      <div className="table-wrap">
        <table className="table" data-testid="checks-table">
          <TableHead columns={["Control", "Result", "Why", "Evidence"]} />
          <tbody>
            {checks.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.title}
                  <div className="muted mono">{c.id}</div>
                </th>
                <td className={STATUS[c.status].className}>
                  <span aria-hidden="true">{STATUS[c.status].icon} </span>
                  {STATUS[c.status].label}
                </td>
                <td>{c.reason}</td>
                <td>
                  <EvidenceList items={c.evidence} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
