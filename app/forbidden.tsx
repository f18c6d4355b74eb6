/**
 * A plain link, not next/link: this root boundary is sent with every page (in the RSC payload), and a Link here
 * made every page download the Link runtime a second time, in this boundary's own chunk. Leaving a 404/403 page
 * by a full load costs nothing.
 */
export default function Forbidden() {
  return (
    <main className="auth-wrap">
      <div className="panel auth-card">
        <h1>Not available to your role</h1>
        <p className="muted">
          Your role in this organisation does not include this page. If you need it, ask an admin of your organisation
          to change your role.
        </p>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above: a full load is intended */}
        <a className="btn" href="/">
          Go to your start page
        </a>
      </div>
    </main>
  );
}
