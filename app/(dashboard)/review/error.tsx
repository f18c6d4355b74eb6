"use client";

export default function ReviewError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="panel notice-error" aria-labelledby="review-error-h">
      <h2 id="review-error-h">The review queue could not be loaded</h2>
      <p className="muted">Try again in a moment. If it keeps failing, an admin can look for this reference in the server log{error.digest ? `: ${error.digest}` : ""}.</p>
      <button className="btn btn-primary" type="button" onClick={() => reset()}>
        Try again
      </button>
    </section>
  );
}
