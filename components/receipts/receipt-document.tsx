import Link from "next/link";
import { BandBadge } from "@/components/ui/band-badge";
import { formatDateTime } from "@/components/ui/format";
import { receiptHref } from "@/components/ledger/receipt-link";
import type { ReceiptView } from "@/lib/services/receipt-view";
import { TableHead } from "@/components/ui/table-head";

const STATUS_LABEL = { pass: "✓ pass", fail: "✗ fail", not_applicable: "– n/a", unknown: "? unknown" } as const;

/** Who approved which commit, the score and why, the policy and its rules, attestations: one receipt on one screen. */
export function ReceiptDocument({ view }: { view: ReceiptView }) {
  const r = view.signed.receipt;
  const c = r.change;
  return (
    <div className="stack" data-testid="receipt-document">
      <section className="panel" aria-labelledby="rd-change">
        <h2 id="rd-change">The merge</h2>
        <dl className="kv">
          <div><dt>Pull request</dt><dd>{c.url ? <a href={c.url} rel="noreferrer">{c.repo}{c.number !== null ? `#${c.number}` : ""}</a> : `${c.repo}${c.number !== null ? `#${c.number}` : ""}`} — {c.title}</dd></div>
          <div><dt>Merge commit</dt><dd className="mono" data-testid="merge-sha">{c.mergeSha}</dd></div>
          <div><dt>Merged</dt><dd>{formatDateTime(c.mergedAt)}{c.mergedBy ? ` by ${c.mergedBy}` : ""}{c.baseRef ? ` into ${c.baseRef}` : ""}</dd></div>
          <div><dt>Head that merged</dt><dd className="mono">{c.headSha ?? "unknown"}</dd></div>
          <div><dt>Author</dt><dd>{c.author ?? "unknown"}</dd></div>
        </dl>
      </section>

      <section className="panel" aria-labelledby="rd-approvals">
        <h2 id="rd-approvals">Who approved, and which commit</h2>
        {r.approvals.length === 0 ? (
          <p className="tone-bad">No approving review was recorded: this change merged without a human approval.</p>
        ) : (
          <table className="table">
            <TableHead columns={["Reviewer", "Approved (UTC)", "Commit approved", "Was it the merged head?"]} />
            <tbody>
              {r.approvals.map((a) => (
                <tr key={a.reviewer}>
                  <td>{a.reviewer}</td>
                  <td className="nowrap">{formatDateTime(a.approvedAt)}</td>
                  <td className="mono">{a.commitSha?.slice(0, 12) ?? "unknown"}</td>
                  <td>{a.approvedMergedHead === null ? "unknown" : a.approvedMergedHead ? "✓ yes" : <span className="tone-bad">✗ no — an older commit</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="rd-score">
        <h2 id="rd-score">Score</h2>
        <p>
          <BandBadge band={r.assessment.band} risk={r.assessment.risk} /> risk out of 100, scoring model <span className="mono">{r.modelVersion}</span>
          {r.assessment.ai.aiOrigin ? ` · AI origin (${r.assessment.ai.tools.join(", ") || "agent"})` : ""}
          {r.assessment.services.length ? ` · services: ${r.assessment.services.join(", ")}` : ""}
          {r.assessment.regimes.length ? ` · regimes: ${r.assessment.regimes.join(", ")}` : ""}
        </p>
        <table className="table">
          <caption className="visually-hidden">Signals</caption>
          <TableHead columns={["Signal", { label: "Value", className: "num" }, { label: "Weight", className: "num" }, { label: "AI multiplier", className: "num" }, { label: "Points", className: "num" }]} />
          <tbody>
            {r.assessment.signals.map((s) => (
              <tr key={s.name}><td>{s.name}</td><td className="num">{s.value.toFixed(2)}</td><td className="num">{s.weight}</td><td className="num">×{s.multiplier}</td><td className="num">{s.points.toFixed(1)}</td></tr>
            ))}
          </tbody>
        </table>
        <h3>Reasons</h3>
        {r.assessment.reasons.length === 0 ? <p className="muted">No reason added risk.</p> : (
          <ul className="reasons">
            {r.assessment.reasons.map((x, i) => (
              <li key={`${x.code}-${i}`}>
                <strong>{x.signal}</strong>: {x.message}
                {x.evidence.length ? <div className="muted mono">{x.evidence.slice(0, 4).join(" · ")}{x.evidence.length > 4 ? ` · and ${x.evidence.length - 4} more` : ""}</div> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="rd-policy">
        <h2 id="rd-policy">Policy and rules</h2>
        <p>
          {r.policy.name}{r.policy.number ? `, version ${r.policy.number}` : ""} — sha256 <span className="mono">{r.policy.version}</span>
        </p>
        <table className="table">
          <TableHead columns={["Rule", "Result", "Why"]} />
          <tbody>
            {r.rules.map((rule) => (
              <tr key={rule.id}>
                <td>{rule.title} <span className="muted mono">{rule.id}</span></td>
                <td className={`nowrap status-${rule.status === "pass" ? "ok" : rule.status === "fail" ? "fail" : "unknown"}`}>{STATUS_LABEL[rule.status]}</td>
                <td>{rule.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-labelledby="rd-attest">
        <h2 id="rd-attest">Attestations</h2>
        {r.attestations.length === 0 ? <p className="muted">No one has attested this change.</p> : (
          <ul className="attestations" data-testid="receipt-attestations">
            {r.attestations.map((a) => (
              <li key={a.id}>
                <strong>{a.name ?? a.login}</strong> (@{a.login}, {a.standing}) accepted risk {a.accepted.risk} ({a.accepted.band}) on{" "}
                {formatDateTime(a.attestedAt)}: “{a.rationale}”
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="rd-chain">
        <h2 id="rd-chain">Signature and chain</h2>
        <dl className="kv">
          <div><dt>Position</dt><dd>Receipt #{r.sequence} of {r.org.slug}&apos;s chain, issued {formatDateTime(r.issuedAt)}</dd></div>
          <div><dt>This receipt</dt><dd data-testid="receipt-verified">{view.check.ok ? <span className="status-ok">✓ verified — content matches its hash, Ed25519 signature valid</span> : <span className="status-fail">✗ {view.check.problem}: {view.check.detail}</span>}</dd></div>
          <div><dt>Link to #{r.sequence - 1}</dt><dd>{linkLabel(view.links.previous, "first receipt of the chain")}</dd></div>
          <div><dt>Link from #{r.sequence + 1}</dt><dd>{linkLabel(view.links.next, "newest receipt of the chain")}</dd></div>
          {r.amends ? <div><dt>Amends</dt><dd><Link href={receiptHref(Number(r.amends.id))}>receipt #{r.amends.sequence}</Link> — {r.amends.reason.detail}</dd></div> : null}
        </dl>
        <dl className="kv">
          <div><dt>SHA-256</dt><dd className="mono" style={{ wordBreak: "break-all" }}>{view.signed.hash}</dd></div>
          <div><dt>Previous hash</dt><dd className="mono" style={{ wordBreak: "break-all" }}>{r.previousHash ?? "none"}</dd></div>
          <div><dt>Signature (Ed25519)</dt><dd className="mono" style={{ wordBreak: "break-all" }}>{view.signed.signature}</dd></div>
          <div><dt>Key fingerprint</dt><dd className="mono" style={{ wordBreak: "break-all" }}>{view.signed.publicKeyFingerprint}</dd></div>
        </dl>
      </section>
    </div>
  );
}

function linkLabel(state: "linked" | "broken" | "none", none: string) {
  if (state === "none") return <span className="muted">{none}</span>;
  return state === "linked" ? <span className="status-ok">✓ hashes agree</span> : <span className="status-fail">✗ hashes disagree — verify the chain</span>;
}
