import { beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { ledgerCsvStream } from "../../lib/services/ledger-export";
import { changes } from "../schema";
import { countLedger, ledgerFacets, listLedgerPage, type LedgerFilter, type LedgerSort } from "./ledger";
import { makeViewOrg, type ViewOrg } from "./testing/view-fixtures";

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12)).toISOString();

describeEachDriver("ledger queries", (ctx) => {
  let org: ViewOrg;
  let other: ViewOrg;
  const window = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };
  const base = (f: Partial<LedgerFilter> = {}): LedgerFilter => ({ orgId: org.orgId, state: "merged", ...window, ...f });

  beforeAll(async () => {
    org = await makeViewOrg(ctx.db);
    other = await makeViewOrg(ctx.db);
    // 12 merged changes in the window, one before it, two open; the other organisation has look-alikes.
    for (let i = 1; i <= 12; i++) {
      await org.add({
        number: i,
        title: i === 7 ? "Rotate card vault keys" : `Change ${i}`,
        author: i % 3 === 0 ? "bob" : "alice",
        mergedAt: day(1 + i),
        files: i % 2 === 0 ? [`services/payments/src/f${i}.ts`] : [`apps/web/src/p${i}.ts`],
        approvers: i % 4 === 0 ? [] : ["carol"],
        agent: i % 5 === 0,
        testsIncluded: i % 2 === 1,
      });
    }
    await org.add({ number: 40, mergedAt: "2026-10-01T12:00:00Z", files: ["apps/web/old.ts"], approvers: ["carol"] });
    await org.add({ number: 50, state: "open", files: ["services/payments/x.ts"], requestedReviewers: ["dave"] });
    await org.add({ number: 51, state: "open", files: ["apps/web/y.ts"] });
    for (let i = 1; i <= 3; i++) await other.add({ number: i, title: "Rotate card vault keys", mergedAt: day(2 + i), files: ["services/payments/a.ts"] });
  });

  it("pages through the window newest first with keyset cursors, both ways, no row lost or repeated", async () => {
    const first = await listLedgerPage(ctx.db, { ...base(), sort: "merged_desc", limit: 5 });
    expect(first.rows.map((r) => r.number)).toEqual([12, 11, 10, 9, 8]);
    expect(first.previous).toBeNull();
    const second = await listLedgerPage(ctx.db, { ...base(), sort: "merged_desc", limit: 5, after: first.next! });
    expect(second.rows.map((r) => r.number)).toEqual([7, 6, 5, 4, 3]);
    const third = await listLedgerPage(ctx.db, { ...base(), sort: "merged_desc", limit: 5, after: second.next! });
    expect(third.rows.map((r) => r.number)).toEqual([2, 1]);
    expect(third.next).toBeNull();
    const back = await listLedgerPage(ctx.db, { ...base(), sort: "merged_desc", limit: 5, before: third.previous! });
    expect(back.rows.map((r) => r.number)).toEqual([7, 6, 5, 4, 3]);
    const backAgain = await listLedgerPage(ctx.db, { ...base(), sort: "merged_desc", limit: 5, before: back.previous! });
    expect(backAgain.rows.map((r) => r.number)).toEqual([12, 11, 10, 9, 8]);
    expect(backAgain.previous).toBeNull();
    expect(await countLedger(ctx.db, base())).toBe(12);
    // A bounded count stops at its bound, and is exact below it.
    expect(await countLedger(ctx.db, base(), 5)).toBe(5);
    expect(await countLedger(ctx.db, base(), 13)).toBe(12);
    expect(await countLedger(ctx.db, { ...base(), band: "high" }, 13)).toBe(await countLedger(ctx.db, { ...base(), band: "high" }));
  });

  it("sorts by risk with ties broken by id, and pages the same way", async () => {
    const all = await listLedgerPage(ctx.db, { ...base(), sort: "risk_desc", limit: 50 });
    const risks = all.rows.map((r) => r.risk!);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    const seen: number[] = [];
    let after: string | undefined;
    do {
      const page = await listLedgerPage(ctx.db, { ...base(), sort: "risk_desc", limit: 4, after });
      seen.push(...page.rows.map((r) => r.id));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual(all.rows.map((r) => r.id));
    const asc = await listLedgerPage(ctx.db, { ...base(), sort: "risk_asc", limit: 50 });
    expect(asc.rows.map((r) => r.id)).toEqual([...all.rows.map((r) => r.id)].reverse());
  });

  it("filters by service, band, AI origin, failed control, author, repository and search", async () => {
    const numbers = async (f: Partial<LedgerFilter>) =>
      (await listLedgerPage(ctx.db, { ...base(f), sort: "merged_asc", limit: 50 })).rows.map((r) => r.number);
    expect(await numbers({ service: "payments" })).toEqual([2, 4, 6, 8, 10, 12]);
    expect(await numbers({ aiOrigin: true })).toEqual([5, 10]);
    expect(await numbers({ author: "BOB" })).toEqual([3, 6, 9, 12]);
    expect(await numbers({ search: "#7" })).toEqual([7]);
    expect(await numbers({ search: "vault" })).toEqual([7]);
    expect(await numbers({ search: "rot VAU" })).toEqual([7]);
    expect(await numbers({ search: "vault nothing-like-this" })).toEqual([]);
    expect(await numbers({ search: "100%" })).toEqual([]);
    expect(await numbers({ repositoryId: other.repositoryId })).toEqual([]);
    const noApproval = await numbers({ failedControl: "required-approvals" });
    expect(noApproval).toEqual(expect.arrayContaining([4, 8, 12]));
    const page = await listLedgerPage(ctx.db, { ...base(), sort: "merged_asc", limit: 50 });
    for (const band of ["low", "elevated", "high", "critical"] as const) {
      expect(await numbers({ band })).toEqual(page.rows.filter((r) => r.band === band).map((r) => r.number));
    }
    expect(page.rows.find((r) => r.number === 2)?.services).toContain("payments");
    expect(page.rows.find((r) => r.number === 2)?.failedControls).toContain("required-approvals");
  });

  it("lists open pull requests riskiest first, without a window", async () => {
    const open = await listLedgerPage(ctx.db, { orgId: org.orgId, state: "open", sort: "risk_desc", limit: 10 });
    expect(open.rows.map((r) => r.number).sort()).toEqual([50, 51]);
    expect(open.rows[0]!.risk!).toBeGreaterThanOrEqual(open.rows[1]!.risk!);
    expect(open.rows.every((r) => r.mergedAt === null)).toBe(true);
  });

  it("never shows another organisation's changes", async () => {
    const mine = await listLedgerPage(ctx.db, { ...base({ search: "vault" }), sort: "merged_desc", limit: 50 });
    expect(mine.rows).toHaveLength(1);
    const theirs = await listLedgerPage(ctx.db, { ...base({ orgId: other.orgId }), sort: "merged_desc", limit: 50 });
    expect(theirs.rows.map((r) => r.repo)).toEqual([other.repo, other.repo, other.repo]);
    const facets = await ledgerFacets(ctx.db, org.orgId, window);
    expect(facets.repositories.map((r) => r.fullName)).toEqual([org.repo]);
    expect(facets.authors).toEqual(["alice", "bob"]);
  });

  it("exports exactly the filter as CSV, in batches", async () => {
    const stream = ledgerCsvStream(ctx.db, { ...base({ service: "payments" }), sort: "merged_desc" }, 2);
    const text = await new Response(stream).text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^merged_at,created_at,repository,number,title/);
    expect(lines.slice(1).map((l) => Number(l.split(",")[3]))).toEqual([12, 10, 8, 6, 4, 2]);
    expect(lines[1]).toContain(org.repo);
  });

  it("searches titles for every word anywhere in them, in any case, paging both ways in every sort", async () => {
    // 90 changes: "routine" ones, and five "Rotate vault" ones among the oldest, so a page of one reads past
    // many non-matching rows before it finds them.
    const searchOrg = await makeViewOrg(ctx.db);
    await ctx.db.insert(changes).values(
      Array.from({ length: 90 }, (_, i) => ({
        orgId: searchOrg.orgId,
        repositoryId: searchOrg.repositoryId,
        number: i + 1,
        title: i % 17 === 3 ? `Rotate VAULT keys, part ${i}` : `Routine change ${i}`,
        state: "merged" as const,
        authorLogin: "alice",
        createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)),
        mergedAt: new Date(Date.UTC(2026, 10, 1, 1, i)),
        baseRef: "main",
        headRef: `f${i}`,
        risk: (i * 37) % 100,
        band: "low" as const,
      })),
    );
    const f = { orgId: searchOrg.orgId, state: "merged" as const, ...window };
    const all = (await listLedgerPage(ctx.db, { ...f, sort: "merged_asc", limit: 100 })).rows;
    for (const [search, expected] of [
      ["vault rot", all.filter((r) => r.title.startsWith("Rotate"))],
      ["ROUTINE 1", all.filter((r) => /^Routine change .*1/.test(r.title))],
      ["keys part 8", all.filter((r) => r.title === "Rotate VAULT keys, part 88")],
      ["vault nowhere", []],
    ] as const) {
      expect(await countLedger(ctx.db, { ...f, search })).toBe(expected.length);
      for (const sort of ["merged_desc", "merged_asc", "risk_desc", "risk_asc"] as LedgerSort[]) {
        const whole = (await listLedgerPage(ctx.db, { ...f, sort, limit: 100 })).rows.filter((r) => expected.some((e) => e.id === r.id));
        for (const limit of [1, 2, 50]) {
          const seen: number[] = [];
          let page = await listLedgerPage(ctx.db, { ...f, search, sort, limit });
          seen.push(...page.rows.map((r) => r.id));
          while (page.next) {
            page = await listLedgerPage(ctx.db, { ...f, search, sort, limit, after: page.next });
            seen.push(...page.rows.map((r) => r.id));
          }
          expect(seen, `${search}, ${sort}, pages of ${limit}`).toEqual(whole.map((r) => r.id));
          // And back from the last page to the first.
          const back: number[] = [...page.rows.map((r) => r.id)].reverse();
          while (page.previous) {
            page = await listLedgerPage(ctx.db, { ...f, search, sort, limit, before: page.previous });
            back.push(...[...page.rows.map((r) => r.id)].reverse());
          }
          expect(back.reverse(), `${search}, ${sort}, back in pages of ${limit}`).toEqual(whole.map((r) => r.id));
        }
      }
    }
  });
});
