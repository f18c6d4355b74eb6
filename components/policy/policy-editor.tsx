"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guard";
import { lineOfError } from "./line-diff";

type SaveResult = ActionResult<{ id: string; number: number; sha256: string }>;

/**
 * The policy as YAML in a plain textarea with a line-number gutter. A refused save lists every problem with its
 * line (click to jump there) and marks those lines; the version in force does not change.
 */
export function PolicyEditor({ initial, save }: { initial: string; save: (input: { yaml: string; note?: string }) => Promise<SaveResult> }) {
  const router = useRouter();
  const [yaml, setYaml] = useState(initial);
  // A newly saved or activated version replaces the text (the save notice stays; a remount would lose it).
  const [shown, setShown] = useState(initial);
  if (shown !== initial) {
    setShown(initial);
    setYaml(initial);
  }
  const [note, setNote] = useState("");
  const [result, setResult] = useState<SaveResult | null>(null);
  const [pending, start] = useTransition();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const errors = result && !result.ok ? (result.fieldErrors?.yaml ?? []) : [];
  const badLines = new Set(errors.map(lineOfError).filter((n): n is number => n !== null));
  const lineCount = yaml.split("\n").length;

  const jumpTo = (line: number) => {
    const el = area.current;
    if (!el) return;
    const lines = yaml.split("\n");
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 18;
    el.scrollTop = Math.max(0, (line - 4) * lineHeight);
  };

  return (
    <form
      aria-labelledby="editor-h"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await save({ yaml, note: note || undefined });
          setResult(r);
          if (r.ok) {
            setNote("");
            router.refresh();
          }
        });
      }}
    >
      <h2 id="editor-h">Edit the policy</h2>
      {result && !result.ok ? (
        <div className="notice notice-error" role="status" data-testid="policy-errors">
          <p>
            <strong>{result.error}</strong>
          </p>
          {errors.length ? (
            <ul>
              {errors.map((e) => {
                const line = lineOfError(e);
                return (
                  <li key={e}>
                    {line ? (
                      <button type="button" className="btn-link" onClick={() => jumpTo(line)}>
                        {e}
                      </button>
                    ) : (
                      e
                    )}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </div>
      ) : null}
      {result?.ok ? (
        <div className="notice notice-ok" role="status" data-testid="policy-saved">
          Saved and activated as version {result.data.number} (sha256 <span className="mono">{result.data.sha256.slice(0, 12)}</span>). Changes are
          rescored under it in the background; the ledger shows the new scores as they land.
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="policy-yaml">Policy (YAML)</label>
        <div className="code-editor">
          <pre ref={gutter} className="gutter" aria-hidden="true">
            {Array.from({ length: lineCount }, (_, i) => (
              <span key={i} className={badLines.has(i + 1) ? "bad-line" : undefined}>
                {i + 1}
                {"\n"}
              </span>
            ))}
          </pre>
          <textarea
            id="policy-yaml"
            ref={area}
            value={yaml}
            onChange={(e) => setYaml(e.target.value)}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
            spellCheck={false}
            wrap="off"
            rows={28}
            aria-describedby="policy-yaml-hint"
            aria-invalid={errors.length > 0}
          />
        </div>
        <span id="policy-yaml-hint" className="hint">
          Services, regimes, controls, AI rules, weights and bands (docs/policy.md). Every save is a new version; a save with problems changes nothing.
        </span>
      </div>
      <div className="form-row">
        <div className="field" style={{ minWidth: 320, flex: 1 }}>
          <label htmlFor="policy-note">What changed (optional)</label>
          <input id="policy-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </div>
        <div className="field">
          <button className="btn btn-primary" type="submit" disabled={pending}>
            {pending ? "Checking…" : "Save as new version"}
          </button>
        </div>
        <div className="field">
          <button className="btn" type="button" disabled={pending || yaml === initial} onClick={() => setYaml(initial)}>
            Discard edits
          </button>
        </div>
      </div>
    </form>
  );
}
