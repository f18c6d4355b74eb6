import { formatCount } from "@/components/ui/format";
import type { FileGroup } from "./group-files";
import { TableHead } from "@/components/ui/table-head";

/** Files grouped by the service that owns them, most critical tier first, with the regimes each group touches. */
export function FilesByService({ groups, total, shown }: { groups: FileGroup[]; total: number; shown: number }) {
  return (
    <section className="panel" aria-labelledby="files-h">
      <h2 id="files-h">Files by service</h2>
      {shown < total ? (
        <p className="muted">
          Showing {formatCount(shown)} of {formatCount(total)} files.
        </p>
      ) : null}
      {groups.length === 0 ? <p className="muted">No files are recorded for this change.</p> : null}
      {groups.map((g) => (
        <details key={g.service ?? "(none)"} open={groups.length <= 4} className="file-group">
          <summary>
            <strong>{g.service ?? "No declared service"}</strong>
            {g.tier !== null ? <span className="badge role-chip">tier {g.tier}</span> : null}
            {g.regimes.map((r) => (
              <span key={r} className="badge regime-chip">
                {r}
              </span>
            ))}
            <span className="muted">
              {" "}
              {formatCount(g.files.length)} file{g.files.length === 1 ? "" : "s"}, +{formatCount(g.additions)} −{formatCount(g.deletions)} lines
            </span>
          </summary>
          <div className="table-wrap">
            <table className="table">
              <TableHead columns={["Path", "Status", { label: "Added", className: "num" }, { label: "Removed", className: "num" }]} />
              <tbody>
                {g.files.map((f) => (
                  <tr key={f.path}>
                    <td className="mono path">
                      {f.previousPath ? <span className="muted">{f.previousPath} → </span> : null}
                      {f.path}
                    </td>
                    <td>{f.status}</td>
                    <td className="num">{f.additions ?? "binary"}</td>
                    <td className="num">{f.deletions ?? "binary"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </section>
  );
}
