import Link from "next/link";

export default function ChangeNotFound() {
  return (
    <section className="panel empty" aria-labelledby="nf-h">
      <h2 id="nf-h">No such change in this organisation</h2>
      <p className="muted">The link may be mistyped, or the change belongs to another organisation. Find it in the ledger by number or title.</p>
      <Link className="btn btn-primary" href="/ledger">
        Back to the ledger
      </Link>
    </section>
  );
}
