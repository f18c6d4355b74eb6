import type { Command } from "commander";
import { createHistoryTracker, precisionAtTop, rocAuc, scoreChange, SIGNAL_NAMES, type Assessment } from "@/lib/scoring";
import { CliError } from "../errors";
import { datasetLineSchema, datasetLineToChange, type DatasetLine } from "../evaluate-dataset";
import { loadPolicyFile, readLines } from "../score-io";

interface Row {
  mergedAt: string;
  failed: boolean;
  risk: number;
  linesAdded: number;
  signals: Record<string, number>;
  aiOrigin: boolean;
}

export function registerEvaluate(program: Command): void {
  program
    .command("evaluate")
    .description("Score a labelled history (datasets format) oldest first and report how well risk ranks the failed changes")
    .requiredOption("--input <file>", "labelled changes, JSONL (.gz accepted)")
    .option("--policy <file>", "policy YAML (default: the built-in default policy)")
    .option("--holdout <fraction>", "newest share of changes held out for the report", "0.3")
    .option("--signals", "also print each signal's AUC on the fit (oldest) part, for tuning")
    .option("--json", "print the figures as JSON")
    .action(async (opts: { input: string; policy?: string; holdout: string; signals?: boolean; json?: boolean }) => {
      const holdout = Number(opts.holdout);
      if (!(holdout > 0 && holdout < 1)) throw new CliError("--holdout must be a fraction between 0 and 1");
      const policy = loadPolicyFile(opts.policy);
      const lines: DatasetLine[] = [];
      let bad = 0;
      for await (const { line, text } of readLines(opts.input)) {
        if (!text.trim()) continue;
        let parsed;
        try {
          parsed = datasetLineSchema.safeParse(JSON.parse(text));
        } catch (err) {
          bad++;
          process.stderr.write(`line ${line}: not valid JSON (${(err as Error).message}); skipped\n`);
          continue;
        }
        if (!parsed.success) {
          bad++;
          process.stderr.write(`line ${line}: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}; skipped\n`);
          continue;
        }
        lines.push(parsed.data);
      }
      if (lines.length < 10) throw new CliError(`too few valid changes to evaluate (${lines.length})`);
      // Stable sort: history is built from earlier lines only, in merge order.
      const ordered = lines.map((l, i) => ({ l, i })).sort((a, b) => a.l.mergedAt.localeCompare(b.l.mergedAt) || a.i - b.i).map((x) => x.l);

      const tracker = createHistoryTracker({ windowDays: policy.history.windowDays, fixPattern: policy.history.fixPattern });
      const rows: Row[] = [];
      for (const line of ordered) {
        const change = datasetLineToChange(line);
        const history = tracker.next(change);
        const a: Assessment = scoreChange(change, { policy, codeowners: null, protection: null, history });
        rows.push({
          mergedAt: line.mergedAt,
          failed: line.label.failed,
          risk: a.risk,
          linesAdded: line.files.reduce((s, f) => s + (f.additions ?? 0), 0),
          signals: Object.fromEntries(SIGNAL_NAMES.map((n) => [n, a.signals[n].value])),
          aiOrigin: a.ai.aiOrigin,
        });
      }
      const cut = Math.floor(rows.length * (1 - holdout));
      const parts = { newest: rows.slice(cut), oldest: rows.slice(0, cut), all: rows };
      const figures = Object.fromEntries(
        Object.entries(parts).map(([k, part]) => {
          const labels = part.map((r) => r.failed);
          return [k, {
            changes: part.length,
            failed: labels.filter(Boolean).length,
            from: part[0]!.mergedAt,
            to: part[part.length - 1]!.mergedAt,
            aucRisk: rocAuc(part.map((r) => r.risk), labels),
            aucLinesAdded: rocAuc(part.map((r) => r.linesAdded), labels),
            precisionTop10Risk: precisionAtTop(part.map((r) => r.risk), labels),
            precisionTop10LinesAdded: precisionAtTop(part.map((r) => r.linesAdded), labels),
            aiShare: part.filter((r) => r.aiOrigin).length / part.length,
          }];
        }),
      );
      const perSignal = opts.signals
        ? Object.fromEntries(SIGNAL_NAMES.map((n) => [n, rocAuc(parts.oldest.map((r) => r.signals[n]!), parts.oldest.map((r) => r.failed))]))
        : undefined;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ input: opts.input, policyVersion: policy.version, skipped: bad, figures, perSignal }, null, 2)}\n`);
        return;
      }
      const f = (x: number | null) => (x === null ? "  n/a" : x.toFixed(3));
      const p = (k: keyof typeof figures) => figures[k]!;
      const out = [
        `${opts.input}: ${rows.length} changes, ${p("all").failed} failed${bad ? `, ${bad} bad lines skipped` : ""}`,
        `history from earlier lines only; fit on the oldest ${Math.round((1 - holdout) * 100)}%, report on the newest ${Math.round(holdout * 100)}%`,
        "",
        `                       newest ${Math.round(holdout * 100)}%   oldest ${Math.round((1 - holdout) * 100)}% (fit)   all`,
        `changes                ${String(p("newest").changes).padStart(9)}   ${String(p("oldest").changes).padStart(15)}   ${String(p("all").changes).padStart(5)}`,
        `failed                 ${String(p("newest").failed).padStart(9)}   ${String(p("oldest").failed).padStart(15)}   ${String(p("all").failed).padStart(5)}`,
        `ROC AUC risk           ${f(p("newest").aucRisk).padStart(9)}   ${f(p("oldest").aucRisk).padStart(15)}   ${f(p("all").aucRisk).padStart(5)}`,
        `ROC AUC lines added    ${f(p("newest").aucLinesAdded).padStart(9)}   ${f(p("oldest").aucLinesAdded).padStart(15)}   ${f(p("all").aucLinesAdded).padStart(5)}`,
        `precision@10% risk     ${f(p("newest").precisionTop10Risk).padStart(9)}   ${f(p("oldest").precisionTop10Risk).padStart(15)}   ${f(p("all").precisionTop10Risk).padStart(5)}`,
        `precision@10% lines    ${f(p("newest").precisionTop10LinesAdded).padStart(9)}   ${f(p("oldest").precisionTop10LinesAdded).padStart(15)}   ${f(p("all").precisionTop10LinesAdded).padStart(5)}`,
      ];
      if (perSignal) {
        out.push("", "signal AUC on the fit part (oldest):");
        for (const [n, v] of Object.entries(perSignal)) out.push(`  ${n.padEnd(14)} ${f(v)}`);
      }
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
