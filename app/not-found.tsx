/**
 * A plain link, not next/link: this root boundary is sent with every page (in the RSC payload), and a Link here
 * made every page download the Link runtime a second time, in this boundary's own chunk. Leaving a 404/403 page
 * by a full load costs nothing.
 */
export default function NotFound() {
  return (
    <main className="auth-wrap">
      <div className="panel auth-card">
        <h1>Page not found</h1>
        <p className="muted">The address may be mistyped, or the item belongs to another organisation.</p>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above: a full load is intended */}
        <a className="btn" href="/">
          Go to your start page
        </a>
      </div>
    </main>
  );
}
