"use client";

export default function LedgerError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="panel notice-error" aria-labelledby="ledger-error-h" data-testid="ledger-error">
      <h2 id="ledger-error-h">The ledger could not be loaded</h2>
      <p className="muted">
        The database did not answer in time or the request failed. Try again; if it keeps failing, check that the
        database is reachable and look for this reference in the server log{error.digest ? `: ${error.digest}` : ""}.
      </p>
      <button className="btn btn-primary" type="button" onClick={() => reset()}>
        Try again
      </button>
    </section>
  );
}
