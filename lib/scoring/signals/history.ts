import { pathEvidence, type ChangeFacts } from "../facts";
import { SHAPE } from "../shape";
import type { HistorySummary } from "../types";
import { logScale, plural, type Contribution, type SignalDraft } from "./draft";
import { unknownSignal } from "./draft";

/** Fragility of what is touched (earlier fixes, reverts and churn) and the author's unfamiliarity with it. */
export function historySignal(facts: ChangeFacts, history: HistorySummary | null): SignalDraft {
  if (!history) return unknownSignal("history", "No history of the touched files is known");
  const S = SHAPE.history;
  const out: Contribution[] = [];
  const files = facts.productionFiles.length ? facts.productionFiles : facts.files;

  const hot: Array<{ path: string; events: number; fixes: number; reverts: number }> = [];
  let events = 0;
  let churn = 0;
  for (const f of files) {
    const h = history.files[f.file.path] ?? (f.file.previousPath ? history.files[f.file.previousPath] : undefined);
    if (!h) continue;
    churn += h.changes;
    const e = h.fixes + 2 * h.reverts;
    if (e > 0 && f.production) {
      events += e;
      hot.push({ path: f.file.path, events: e, fixes: h.fixes, reverts: h.reverts });
    }
  }
  if (events > 0) {
    hot.sort((a, b) => b.events - a.events || a.path.localeCompare(b.path));
    const fixes = hot.reduce((s, h) => s + h.fixes, 0);
    const reverts = hot.reduce((s, h) => s + h.reverts, 0);
    out.push({
      code: "history.hotspot",
      message: `Touches ${plural(hot.length, "file")} fixed ${plural(fixes, "time")}${reverts ? ` and reverted ${plural(reverts, "time")}` : ""} in the last ${history.windowDays} days`,
      evidence: pathEvidence(hot.map((h) => h.path), 5).map((e) => {
        const h = hot.find((x) => x.path === e.value);
        return h ? { ...e, detail: `${h.fixes} fixes, ${h.reverts} reverts` } : e;
      }),
      amount: S.hotspot * logScale(events, S.hotspotRef),
    });
  }
  if (files.length && churn > 0) {
    const mean = churn / files.length;
    const amount = S.churn * logScale(mean, S.churnRef);
    if (amount >= 0.01) {
      out.push({
        code: "history.churn",
        message: `The touched files changed ${mean.toFixed(1)} times each on average in the last ${history.windowDays} days`,
        evidence: [{ kind: "metric", value: `${churn} earlier changes`, detail: `${files.length} files` }],
        amount,
      });
    }
  }
  const touched = facts.files.length;
  if (touched > 0) {
    const unknownShare = 1 - Math.min(touched, history.author.touchedFilesKnown) / touched;
    if (unknownShare > 0) {
      out.push({
        code: "history.unfamiliar",
        message: `The author had never changed ${Math.round(unknownShare * 100)}% of the touched files`,
        evidence: [{ kind: "metric", value: `${history.author.touchedFilesKnown} of ${touched} files known to the author` }],
        amount: S.unfamiliar * unknownShare,
      });
    }
  }
  if (history.author.priorChanges < S.newAuthorChanges) {
    out.push({
      code: "history.new-author",
      message: history.author.priorChanges === 0 ? "The author's first change in this repository" : `The author has only ${plural(history.author.priorChanges, "earlier change")} in this repository`,
      evidence: [{ kind: "metric", value: `${history.author.priorChanges} earlier changes` }],
      amount: S.newAuthor,
    });
  }
  return { name: "history", known: true, contributions: out };
}
