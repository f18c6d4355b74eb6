import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="auth-wrap">
      <div className="panel auth-card">
        <h1>Not available to your role</h1>
        <p className="muted">
          Your role in this organisation does not include this page. If you need it, ask an admin of your organisation
          to change your role.
        </p>
        <Link className="btn" href="/">
          Go to your start page
        </Link>
      </div>
    </main>
  );
}
