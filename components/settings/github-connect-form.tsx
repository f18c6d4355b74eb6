"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { connectGitHubAction } from "@/app/(dashboard)/settings/actions";

type Result = Awaited<ReturnType<typeof connectGitHubAction>>;

/** The token goes to the server once and is never sent back: the form clears it whatever the outcome. */
export function GitHubConnectForm({ defaultApiUrl, connected }: { defaultApiUrl: string; connected: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result | null>(null);
  return (
    <form
      aria-labelledby="connect-h"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        (form.elements.namedItem("token") as HTMLInputElement).value = "";
        start(async () => {
          const r = await connectGitHubAction(data);
          setResult(r);
          if (r.ok) router.refresh();
        });
      }}
    >
      <h3 id="connect-h">{connected ? "Replace the token" : "Connect with a token"}</h3>
      <p className="muted">
        A classic token with <code>repo</code> (or <code>public_repo</code>) and <code>read:org</code>, a fine-grained token
        with read access to pull requests, contents and metadata, or a GitHub App installation token. Risk Ledger only
        reads.
      </p>
      {result && !result.ok ? (
        <div className="notice notice-error" role="status" data-testid="connect-error">
          {result.fieldErrors?.token?.join(" ") ?? result.error}
        </div>
      ) : null}
      {result?.ok ? (
        <div className="notice notice-ok" role="status" data-testid="connect-ok">
          Connected as {result.data.login ?? "an installation"} ({result.data.kind} token
          {result.data.scopes ? `; scopes: ${result.data.scopes.join(", ") || "none"}` : ""}).{" "}
          {result.data.repositories.length} repositories reachable
          {result.data.repositoriesTruncated ? " (first 1,000 shown)" : ""}.
          {result.data.warnings.map((w) => (
            <div key={w}>{w}</div>
          ))}
        </div>
      ) : null}
      <div className="form-row">
        <div className="field" style={{ minWidth: 320, flex: 1 }}>
          <label htmlFor="gh-token">Token</label>
          <input id="gh-token" name="token" type="password" autoComplete="off" spellCheck={false} required />
        </div>
        <div className="field" style={{ minWidth: 260 }}>
          <label htmlFor="gh-api">API URL</label>
          <input id="gh-api" name="apiUrl" type="url" defaultValue={defaultApiUrl} />
          <span className="hint">GitHub Enterprise Server: https://HOST/api/v3</span>
        </div>
        <div className="field">
          <button className="btn btn-primary" type="submit" disabled={pending}>
            {pending ? "Checking…" : "Check and connect"}
          </button>
        </div>
      </div>
    </form>
  );
}
