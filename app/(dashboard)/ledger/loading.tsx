export default function LedgerLoading() {
  return (
    <div className="panel loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading the ledger…
    </div>
  );
}
