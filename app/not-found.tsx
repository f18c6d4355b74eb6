import Link from "next/link";

export default function NotFound() {
  return (
    <main className="auth-wrap">
      <div className="panel auth-card">
        <h1>Page not found</h1>
        <p className="muted">The address may be mistyped, or the item belongs to another organisation.</p>
        <Link className="btn" href="/">
          Go to your start page
        </Link>
      </div>
    </main>
  );
}
