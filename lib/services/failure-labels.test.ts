import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { changes, failureLabels } from "../../db/schema";
import type { LabelInput } from "../../db/queries/labels";
import { describeEachDriver } from "../../test/databases";
import { makeMember, makeOrg } from "../../test/factories";
import { testSecretBox } from "../../test/secret-box";
import { DEFAULT_FIX_PATTERN } from "../git/failure-label-rules";
import { FIXTURE_TOKEN, fixtureDataset } from "../github-simulator/fixtures";
import { startSimulator } from "../github-simulator/server";
import { buildCalibrationView } from "./calibration-report";
import { labelsEarlierChanges, labelSyncedChanges, recomputeFailureLabels } from "./failure-labels";
import { connectGitHub, selectRepositories } from "./github-connection";
import { requestSync, runSync } from "./sync";

const DAY = 86_400_000;
const box = testSecretBox();
const t0 = Date.parse("2026-01-01T00:00:00Z");
let nextId = 1;
function input(day: number, title: string, paths: string[], extra: Partial<LabelInput> = {}): LabelInput {
  const id = nextId++;
  return {
    id,
    number: id,
    title,
    body: "",
    mergeSha: `${String(id).padStart(2, "0")}${"c".repeat(38)}`,
    mergedAt: new Date(t0 + day * DAY),
    fileCount: paths.length,
    revertMessages: [],
    paths,
    ...extra,
  };
}

const isExcludedPath = (p: string) => /\.test\.ts$|^docs\//.test(p);
const options = (knownUntilDay: number) => ({ fixPattern: DEFAULT_FIX_PATTERN, isExcludedPath, knownUntil: new Date(t0 + knownUntilDay * DAY) });

describe("failure labels from synced data", () => {
  it("finds reverts by merge sha in a commit message, by pull request reference and by title", () => {
    const a = input(0, "Add retries", ["src/a.ts"]);
    const b = input(1, "Rework billing", ["src/b.ts"]);
    const c = input(2, "Tune cache", ["src/c.ts"]);
    const d = input(3, "Untouched", ["src/d.ts"]);
    const bySha = input(50, "Back out the retries", ["src/a.ts"], { revertMessages: [`Revert "Add retries"\n\nThis reverts commit ${a.mergeSha!.slice(0, 10)}.`] });
    const byPr = input(51, "Undo billing", ["src/b.ts"], { body: `Reverts acme/payments#${b.number}` });
    const byTitle = input(52, 'Revert "Tune cache"', ["src/c.ts"]);
    const labels = labelSyncedChanges([a, b, c, d, bySha, byPr, byTitle], options(200));
    const of = (x: LabelInput) => labels.find((l) => l.changeId === x.id)!;
    expect(of(a)).toMatchObject({ failed: true, evidence: [{ kind: "revert", byChangeId: bySha.id, matchedBy: "sha", daysAfter: 50 }] });
    expect(of(b)).toMatchObject({ failed: true, evidence: [{ kind: "revert", byChangeId: byPr.id, matchedBy: "pull-request" }] });
    expect(of(c)).toMatchObject({ failed: true, evidence: [{ kind: "revert", byChangeId: byTitle.id, matchedBy: "title" }] });
    expect(of(d)).toMatchObject({ failed: false, evidence: [], settled: true });
    // Reverts are not fixes: the reverted files do not label the other changes that touched them.
    expect(labels.filter((l) => l.failed).map((l) => l.changeId).sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it("labels, file by file, the last change within 30 days that touched each file a fix touched, leaving tests and docs out", () => {
    const old = input(0, "Old change", ["src/a.ts"]);
    const earlier = input(10, "Earlier change", ["src/a.ts", "src/b.ts"]);
    const recent = input(25, "Recent change", ["src/a.ts", "src/x.ts"]);
    const testsOnly = input(26, "More tests", ["src/a.test.ts", "docs/a.md"]);
    const other = input(27, "Unrelated", ["src/z.ts"]);
    const fix = input(35, "Fix a crash in a", ["src/a.ts", "src/b.ts", "src/a.test.ts", "docs/a.md"]);
    const after = input(36, "Later work", ["src/a.ts"]);
    const sweep = input(37, "fix: lint everything", Array.from({ length: 51 }, (_, k) => `src/f${k}.ts`).concat("src/z.ts"));
    const labels = labelSyncedChanges([old, earlier, recent, testsOnly, other, fix, after, sweep], options(200));
    const of = (x: LabelInput) => labels.find((l) => l.changeId === x.id)!;
    expect(of(recent)).toMatchObject({ failed: true, evidence: [{ kind: "fix-files", byChangeId: fix.id, daysAfter: 10, paths: ["src/a.ts"] }] });
    // b.ts was last touched by the earlier change; a.ts by the recent one, which shadows the earlier one for it.
    expect(of(earlier)).toMatchObject({ failed: true, evidence: [{ kind: "fix-files", byChangeId: fix.id, daysAfter: 25, paths: ["src/b.ts"] }] });
    expect(of(old).failed).toBe(false); // 35 days before the fix
    expect(of(testsOnly).failed).toBe(false);
    expect(of(other).failed).toBe(false); // only the 52-file sweep touched it, and sweeps are skipped
    expect(of(after).failed).toBe(false);
  });

  it("leaves changes that have not failed unsettled until the window has passed", () => {
    const early = input(0, "Early", ["src/a.ts"]);
    const late = input(20, "Late", ["src/b.ts"]);
    const labels = labelSyncedChanges([early, late], options(40));
    expect(labels.map((l) => l.settled)).toEqual([true, false]);
  });
});

describe("which stored changes can label earlier ones", () => {
  const change = (title: string, body = "", messages: string[] = []) => ({ title, body, commits: messages.map((message) => ({ message })) });
  it.each([
    ["a revert by title", change('Revert "Add retries"'), true],
    ["a revert naming the merge commit", change("Back out retries", "", [`Undo\n\nThis reverts commit ${"a".repeat(40)}.`]), true],
    ["GitHub's revert button", change("Undo billing", "Reverts acme/payments#12"), true],
    ["a fix", change("Fix the retry budget"), true],
    ["an ordinary change", change("Add retries", "Backs off on timeouts."), false],
  ])("%s", (_what, c, expected) => {
    expect(labelsEarlierChanges(c, DEFAULT_FIX_PATTERN)).toBe(expected);
  });
});

describeEachDriver("failure labels and calibration from a sync", (ctx) => {
  it("stores labels with their evidence on the changes, and the calibration view reads them", async () => {
    const dataset = fixtureDataset({ pullRequests: 40 });
    const prs = dataset.repos[0]!.pullRequests;
    const target = prs[4]!; // #5, merged
    const revert = prs[30]!; // #31, merged
    expect([target.state, revert.state]).toEqual(["merged", "merged"]);
    revert.title = `Revert "${target.title}"`;
    revert.commits[0]!.message = `Revert "${target.title}"\n\nThis reverts commit ${target.mergeSha}.`;
    const sim = await startSimulator({ dataset });
    try {
      const org = await makeOrg(ctx.db);
      const admin = await makeMember(ctx.db, org.id, ["admin"]);
      const actor = { orgId: org.id, userId: admin.id };
      await connectGitHub(ctx.db, box, actor, { token: FIXTURE_TOKEN, apiUrl: sim.url }, new Date(), { timeUnitMs: 1 });
      await selectRepositories(ctx.db, actor, ["acme/payments"]);
      const { run } = await requestSync(ctx.db, { orgId: org.id, trigger: "test", requestedBy: null });
      const done = await runSync(ctx.db, org.id, run.id, { box, clientOptions: { timeUnitMs: 1 } });
      expect(done.errors).toEqual([]);

      const result = await recomputeFailureLabels(ctx.db, org.id, { now: new Date() });
      const merged = prs.filter((p) => p.state === "merged").length;
      expect(result.labelled).toBe(merged);
      const [row] = await ctx.db
        .select({ id: changes.id, failed: changes.failed, evidence: failureLabels.evidence })
        .from(changes)
        .innerJoin(failureLabels, eq(failureLabels.changeId, changes.id))
        .where(and(eq(changes.orgId, org.id), eq(changes.number, 5)));
      expect(row!.failed).toBe(true);
      expect(row!.evidence).toContainEqual(expect.objectContaining({ kind: "revert", byNumber: 31, matchedBy: "sha" }));

      const view = await buildCalibrationView(ctx.db, org.id);
      expect(view.labels.failed).toBe(result.failed);
      expect(view.labels.reverted).toBe(1);
      expect(view.failedChanges.map((c) => c.number)).toContain(5);
      // A few dozen changes: figures are shown as too few to judge, never as a verdict.
      expect(view.report).not.toBeNull();
      expect(view.report!.evaluation.overall.judged).toBe(false);
      expect(view.report!.recommendation).not.toBe("adopt");

      // Stable: computing again changes nothing.
      const again = await recomputeFailureLabels(ctx.db, org.id, { now: new Date() });
      expect(again).toEqual(result);
    } finally {
      await sim.stop();
    }
  });
});
