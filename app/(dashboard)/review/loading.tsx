export default function ReviewLoading() {
  return (
    <div className="panel loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading your review queue…
    </div>
  );
}
