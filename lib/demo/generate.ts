/**
 * The demo organisation as GitHub would hold it, for the simulator to serve and the real sync to ingest.
 * Deterministic: the same seed and `now` give the same dataset, byte for byte. No clock is read.
 */
import type { CheckConclusion } from "@/lib/scoring/types";
import type { SimCheck, SimCommit, SimDataset, SimFile, SimPullRequest, SimRepo, SimReview, SimUser } from "@/lib/github-simulator/dataset";
import { DEMO_GITHUB_ORG, DEMO_REPOSITORIES, DEMO_SERVICES, type DemoRepository, type DemoService, type Team } from "./catalog";
import { DEMO_AGENTS, DEMO_BOTS, DEMO_ENGINEERS, type DemoAgent, type DemoEngineer } from "./people";
import { Prng } from "./prng";
import { formatProvenanceBlock } from "./provenance";

export const DEMO_TOKEN = "ghp_riskLedgerDemoSimulatorToken000000000";
export const DEMO_TOKEN_LOGIN = "demo-admin";

export interface DemoOptions {
  /** The fixed "now" the history ends at (ISO). */
  now: string;
  seed?: number;
  days?: number;
}

export interface DemoOrganisation {
  dataset: SimDataset;
  org: { login: string; name: string };
  /** Organisations to create in the app, with the repositories to connect. */
  suggestedOrgs: Array<{ login: string; name: string; repositories: string[] }>;
  services: DemoService[];
  repositories: DemoRepository[];
  engineers: DemoEngineer[];
  token: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

const VERBS = ["Add", "Fix", "Refactor", "Handle", "Support", "Remove", "Update", "Harden", "Speed up", "Guard", "Validate", "Log"];
const DETAILS = ["edge case in", "retries for", "timeouts in", "metrics for", "null handling in", "pagination of", "caching of", "error mapping in", "feature flag around", "audit logging for"];
const EXTRA_FILES = ["handlers", "validators", "mappers", "errors", "config", "metrics", "types", "utils"];
const VERIFICATIONS = ["unit tests", "integration tests", "manual check in staging", "replayed production sample", "load test", "none"];

interface Plan {
  repo: SimRepo;
  pr: SimPullRequest;
  service: DemoService;
  /** Fills text that names other pull requests by number, once numbers are assigned. */
  finalize?: () => void;
}

export function generateDemoOrganisation(options: DemoOptions): DemoOrganisation {
  const rng = new Prng(options.seed ?? 20_260_115);
  const nowMs = Date.parse(options.now);
  if (!Number.isFinite(nowMs)) throw new Error(`generateDemoOrganisation: "now" is not a date: ${options.now}`);
  const days = options.days ?? 120;
  const startMs = nowMs - days * DAY;

  const users: SimUser[] = [
    ...DEMO_ENGINEERS.map((e, i) => ({ id: 7_100_001 + i, login: e.login, name: e.name, email: `${e.login}@meridianpay.example`, type: "User" as const })),
    ...DEMO_BOTS.map((login, i) => ({ id: 49_000_001 + i, login, name: null, email: null, type: "Bot" as const })),
  ];
  const byTeam = new Map<Team, DemoEngineer[]>();
  for (const e of DEMO_ENGINEERS) byTeam.set(e.team, [...(byTeam.get(e.team) ?? []), e]);

  const repos: SimRepo[] = DEMO_REPOSITORIES.map((r, i) => ({
    id: 880_001 + i,
    owner: DEMO_GITHUB_ORG.login,
    name: r.name,
    private: r.name !== "docs-site",
    description: r.description,
    defaultBranch: "main",
    createdAt: iso(startMs - (400 + i * 37) * DAY),
    pushedAt: iso(nowMs - HOUR),
    codeowners: { path: r.codeownersPath, content: codeownersFor(r) },
    protection: r.protection
      ? { branch: "main", requiredApprovals: r.protection.approvals, requireCodeOwnerReviews: r.protection.codeOwners, requiredChecks: r.protection.checks, enforceAdmins: r.protection.enforceAdmins, dismissStaleReviews: r.protection.approvals > 1 }
      : null,
    pullRequests: [],
  }));
  const repoByName = new Map(repos.map((r) => [r.name, r]));
  const servicesOf = (repo: string) => DEMO_SERVICES.filter((s) => s.repo === repo);

  let nextId = 3_000_000_001;
  let reviewId = 9_000_000_001;
  const plans: Plan[] = [];

  const teammates = (team: Team, exclude: string) => (byTeam.get(team) ?? []).filter((e) => e.login !== exclude);
  const reviewerPool = (team: Team, exclude: string): DemoEngineer[] => {
    const mates = teammates(team, exclude);
    const seniors = DEMO_ENGINEERS.filter((e) => e.senior && e.login !== exclude && e.team !== team);
    return [...mates, ...mates.filter((m) => m.senior), ...rng.sample(seniors, 2)];
  };

  const pickFiles = (service: DemoService, count: number, withTests: boolean, withContract: boolean): SimFile[] => {
    const paths = new Set<string>();
    const pool = [...service.source];
    while (paths.size < count) {
      if (pool.length && rng.chance(0.8)) paths.add(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
      else {
        const base = rng.pick(service.source);
        const dir = base.slice(0, base.lastIndexOf("/"));
        const ext = base.slice(base.lastIndexOf("."));
        paths.add(`${dir}/${rng.pick(EXTRA_FILES)}${rng.chance(0.5) ? `-${rng.int(1, 9)}` : ""}${ext}`);
      }
    }
    if (withTests && service.tests.length) for (const t of rng.sample(service.tests, rng.int(1, Math.min(2, service.tests.length)))) paths.add(t);
    if (withContract && service.contracts.length) paths.add(rng.pick(service.contracts));
    return [...paths].map((path) => {
      const added = rng.chance(0.15);
      return { path, previousPath: null, status: added ? "added" : "modified", additions: rng.skewed(22, 1.1, 900), deletions: added ? 0 : rng.skewed(7, 1.2, 400) };
    });
  };

  const checksFor = (repo: SimRepo, outcome: "green" | "failed" | "missing" | "pending"): SimCheck[] => {
    const names = [...(repo.protection?.requiredChecks ?? ["ci/test"])];
    if (repo.name === "web-app") names.push("deploy-preview");
    if (repo.name === "payments-core" || repo.name === "identity") names.push("coverage");
    const checks: SimCheck[] = names.map((name) => ({ name, kind: name === "security/scan" || name === "coverage" ? "status" : "check_run", conclusion: "success" as CheckConclusion }));
    if (outcome === "failed") rng.pick(checks).conclusion = "failure";
    if (outcome === "missing" && checks.length > 1) checks.splice(rng.int(0, checks.length - 1), 1);
    if (outcome === "missing" && checks.length === 1) return [];
    if (outcome === "pending") rng.pick(checks).conclusion = "pending";
    for (const c of checks) if (c.name === "coverage" && rng.chance(0.1)) c.conclusion = "failure";
    return checks;
  };

  const commitSha = () => rng.hex(40);

  const makeCommits = (
    author: { login: string | null; name: string; email: string },
    subject: string,
    count: number,
    createdMs: number,
    agent: DemoAgent | null,
    ticket: string | null,
  ): SimCommit[] =>
    Array.from({ length: count }, (_, k) => {
      const trailers: string[] = [];
      if (agent && (k === 0 || rng.chance(0.7))) trailers.push(`Co-authored-by: ${agent.coAuthor}`);
      if (!agent && rng.chance(0.03)) {
        const pair = rng.pick(DEMO_ENGINEERS);
        trailers.push(`Co-authored-by: ${pair.name} <${pair.login}@meridianpay.example>`);
      }
      if (ticket && k === 0 && rng.chance(0.3)) trailers.push(`Refs: ${ticket}`);
      if (rng.chance(0.05)) trailers.push(`Signed-off-by: ${author.name} <${author.email}>`);
      const headline = k === 0 ? subject : rng.pick(["Address review comments", "Fix tests", "Tidy up", "Handle empty input", "Rename for clarity", "Add missing test", "Update snapshot"]);
      const body = rng.chance(0.4) ? `\n\n${rng.pick(["Keeps the old path working behind the flag.", "Covers the case reported by support.", "No behaviour change for existing callers.", "Follow-up to the incident review."])}` : "";
      return {
        sha: commitSha(),
        message: `${headline}${body}${trailers.length ? `\n\n${trailers.join("\n")}` : ""}`,
        authorLogin: author.login,
        authorName: author.name,
        authorEmail: author.email,
        committedAt: iso(createdMs - (count - k) * rng.int(5, 90) * 60_000),
      };
    });

  /** One ordinary change: the bulk of the history. */
  const plannedChange = (createdMs: number, dayIndex: number, forceOpen: boolean): Plan | null => {
    const repoDef = rng.weighted(DEMO_REPOSITORIES.map((r) => [r, r.activity] as const));
    const repo = repoByName.get(repoDef.name)!;
    const service = rng.pick(servicesOf(repoDef.name));
    const aiShare = 0.18 + 0.24 * (dayIndex / days);
    const isDependency = !forceOpen && rng.chance(0.05);
    const agent = !isDependency && rng.chance(aiShare) ? rng.weighted(DEMO_AGENTS.map((a) => [a, a.tool === "Claude" ? 35 : a.tool === "Copilot" ? 25 : a.tool === "Cursor" ? 20 : a.tool === "Codex" ? 12 : 8] as const)) : null;
    const human = rng.chance(0.82) ? rng.pick(byTeam.get(service.team)!) : rng.pick(DEMO_ENGINEERS);
    const botAuthor = isDependency ? rng.pick(["dependabot[bot]", "renovate[bot]"]) : agent?.botLogin && rng.chance(0.3) ? agent.botLogin : null;
    const authorLogin = botAuthor ?? human.login;
    const ticketNo = `${service.ticket}-${rng.int(1000, 4999)}`;
    const hasTicket = !isDependency && rng.chance(0.74);

    let title: string;
    let files: SimFile[];
    let labels: string[] = [];
    if (isDependency) {
      const dep = rng.pick(["axios", "zod", "pg", "jsonwebtoken", "lodash", "express", "react", "next", "@aws-sdk/client-s3", "openssl-sys"]);
      title = `Bump ${dep} from ${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)} to ${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}`;
      const manifest = service.contracts.find((c) => /package\.json|requirements\.txt|build\.gradle|Podfile/.test(c)) ?? "package.json";
      files = [{ path: manifest, status: "modified", additions: 1, deletions: 1 }, { path: manifest === "requirements.txt" ? "requirements.lock" : "package-lock.json", status: "modified", additions: rng.int(3, 60), deletions: rng.int(3, 60) }];
      labels = ["dependencies"];
    } else {
      const size = rng.skewed(3, 0.9, 45);
      files = pickFiles(service, Math.min(size, 40), rng.chance(agent ? 0.45 : 0.58), rng.chance(0.12));
      if (rng.chance(0.08)) {
        const other = rng.pick(servicesOf(repoDef.name));
        files.push(...pickFiles(other, rng.int(1, 3), false, false).filter((f) => !files.some((g) => g.path === f.path)));
      }
      const topic = files[0]!.path.split("/").pop()!.replace(/\.(test\.)?[a-z]+$/, "").replace(/[-_]/g, " ");
      title = `${rng.pick(VERBS)} ${rng.chance(0.5) ? `${rng.pick(DETAILS)} ` : ""}${topic}`;
      if (hasTicket) title = rng.chance(0.5) ? `[${ticketNo}] ${title}` : `${title} (${ticketNo})`;
      if (rng.chance(0.3)) labels.push(rng.pick(["bug", "feature", "tech-debt", "security", "performance"]));
      if (files.some((f) => /migrations\//.test(f.path))) labels.push("migration");
      if (agent && rng.chance(0.35)) labels.push(rng.pick(["ai-assisted", "ai-generated"]));
    }

    const headRef = isDependency
      ? `${authorLogin.startsWith("dependabot") ? "dependabot/npm_and_yarn" : "renovate"}/${title.split(" ")[1]!.replace(/[^a-z0-9-]/gi, "-")}-${rng.int(1, 999)}`
      : `${agent && rng.chance(0.6) ? agent.branchPrefix : `${human.login.split("-")[0]}/`}${hasTicket && rng.chance(0.6) ? `${ticketNo.toLowerCase()}-` : ""}${title.toLowerCase().replace(/\[[^\]]*\]|\([^)]*\)/g, "").trim().replace(/[^a-z0-9]+/g, "-").slice(0, 40)}`;

    const who = botAuthor
      ? { login: null as string | null, name: botAuthor.replace("[bot]", ""), email: `${botAuthor}@users.noreply.github.com` }
      : { login: human.login as string | null, name: human.name, email: `${human.login}@meridianpay.example` };
    const commits = makeCommits(who, title.replace(/^\[[^\]]*\]\s*/, ""), isDependency ? 1 : rng.skewed(2, 0.7, 12), createdMs, botAuthor && agent ? null : agent, hasTicket ? ticketNo : null);
    if (botAuthor && agent) for (const c of commits) c.message += `\n\nCo-authored-by: ${human.name} <${human.login}@meridianpay.example>`;

    let body = isDependency
      ? `Bumps the dependency. Release notes and compatibility score are attached by the bot.`
      : `${rng.pick(["This change", "Here we", "This PR"])} ${title.replace(/^\[[^\]]*\]\s*/, "").replace(/\s*\([A-Z]+-\d+\)$/, "").toLowerCase()}.${hasTicket && rng.chance(0.5) ? `\n\nTicket: ${ticketNo}` : ""}${rng.chance(0.4) ? "\n\n## Testing\n- " + rng.pick(["unit tests", "ran locally against staging data", "added regression test", "manual QA"]) : ""}`;
    if (agent && rng.chance(0.4)) {
      body += `\n\n${formatProvenanceBlock({
        tool: agent.tool,
        model: agent.model,
        sessionId: rng.hex(12),
        promptSummary: title.replace(/^\[[^\]]*\]\s*/, "").toLowerCase(),
        reviewer: rng.pick(teammates(service.team, human.login)).login,
        riskArea: service.name,
        verification: rng.sample(VERIFICATIONS, rng.int(1, 2)),
      })}`;
    }

    const totalLines = files.reduce((s, f) => s + f.additions + f.deletions, 0);
    const { reviews, mergedBy, mergeDelayMs, requested, checksOutcome } = reviewStory(createdMs, commits, authorLogin, human, service, totalLines, isDependency, forceOpen);
    let mergedAt: number | null = forceOpen ? null : createdMs + mergeDelayMs;
    if (mergedAt !== null && mergedAt > nowMs - 10 * 60_000) mergedAt = null;
    const closedUnmerged = mergedAt !== null && !forceOpen && rng.chance(0.03);
    const state: SimPullRequest["state"] = mergedAt === null ? "open" : closedUnmerged ? "closed" : "merged";
    const lastActivity = Math.max(createdMs, ...reviews.map((r) => Date.parse(r.submittedAt!)), mergedAt ?? 0);
    const pr: SimPullRequest = {
      id: nextId++,
      number: 0,
      title,
      body,
      state,
      isDraft: state === "open" && rng.chance(0.1),
      author: authorLogin,
      createdAt: iso(createdMs),
      updatedAt: iso(Math.min(nowMs, lastActivity + rng.int(0, 30) * 60_000)),
      mergedAt: state === "merged" ? iso(mergedAt!) : null,
      closedAt: state === "open" ? null : iso(mergedAt!),
      mergedBy: state === "merged" ? mergedBy : null,
      baseRef: "main",
      headRef,
      headSha: commits[commits.length - 1]!.sha,
      mergeSha: state === "merged" ? commitSha() : null,
      labels,
      commits,
      files,
      reviews: state === "open" ? reviews.filter((r) => Date.parse(r.submittedAt!) < nowMs) : reviews,
      requestedReviewers: state === "open" ? requested : [],
      checks: checksFor(repo, state === "open" && rng.chance(0.3) ? "pending" : checksOutcome),
    };
    return { repo, pr, service };
  };

  const reviewStory = (
    createdMs: number,
    commits: SimCommit[],
    author: string,
    human: DemoEngineer,
    service: DemoService,
    lines: number,
    dependency: boolean,
    open: boolean,
  ) => {
    const head = commits[commits.length - 1]!.sha;
    const pool = reviewerPool(service.team, author);
    const reviews: SimReview[] = [];
    const review = (reviewer: string, state: SimReview["state"], atMs: number, sha: string) =>
      reviews.push({ id: reviewId++, reviewer, state, submittedAt: iso(atMs), commitSha: sha });
    const pattern = dependency
      ? rng.weighted([["quick", 60], ["none", 40]] as const)
      : rng.weighted([["normal", 62], ["none", 6], ["stale", 8], ["quick", 6], ["changes", 11], ["two", 7]] as const);
    const thinking = Math.max(10 * 60_000, Math.min(30 * HOUR, lines * 25_000)) * (0.4 + rng.next());
    let last = createdMs;
    const first = rng.pick(pool).login;
    switch (pattern) {
      case "none":
        break;
      case "quick":
        last = createdMs + rng.int(1, 4) * 60_000;
        review(first, "APPROVED", last, head);
        break;
      case "stale": {
        const older = commits.length > 1 ? commits[0]!.sha : commitSha();
        if (commits.length === 1) commits.unshift({ ...commits[0]!, sha: older, message: "Work in progress", committedAt: iso(createdMs - 30 * 60_000) });
        last = createdMs + thinking;
        review(first, "APPROVED", last, older);
        const pushed = commits[commits.length - 1]!;
        pushed.committedAt = iso(last + rng.int(10, 120) * 60_000);
        last = Date.parse(pushed.committedAt);
        break;
      }
      case "changes":
        review(first, "CHANGES_REQUESTED", createdMs + thinking * 0.5, commits[0]!.sha);
        last = createdMs + thinking * 1.3;
        review(first, "APPROVED", last, head);
        break;
      case "two": {
        last = createdMs + thinking;
        review(first, "APPROVED", last, head);
        const second = pool.find((p) => p.login !== first)?.login;
        if (second) review(second, rng.chance(0.7) ? "APPROVED" : "COMMENTED", (last = last + rng.int(5, 240) * 60_000), head);
        break;
      }
      default:
        if (rng.chance(0.3)) review(rng.pick(pool).login, "COMMENTED", createdMs + thinking * 0.6, head);
        last = createdMs + thinking;
        review(first, "APPROVED", last, head);
    }
    const approvers = reviews.filter((r) => r.state === "APPROVED").map((r) => r.reviewer);
    const selfMerge = pattern === "none" ? rng.chance(0.6) : rng.chance(0.45);
    const adminMerge = rng.chance(0.012);
    const mergedBy = adminMerge ? "demo-admin" : selfMerge && !author.endsWith("[bot]") ? author : approvers[0] ?? (author.endsWith("[bot]") ? human.login : author);
    const mergeDelayMs = Math.max(last - createdMs, 0) + rng.int(5, 600) * 60_000;
    const checksOutcome = adminMerge ? "failed" : rng.weighted([["green", 91], ["failed", 3], ["missing", 6]] as const);
    const requested: string[] = [];
    if (open) {
      const candidates = teammates(service.team, author).filter((e) => !approvers.includes(e.login));
      for (const c of rng.sample(candidates, rng.int(1, 2))) requested.push(c.login);
      if (author !== "demo-engineer" && !requested.includes("demo-engineer") && (service.team === "payments" || rng.chance(0.25))) requested.push("demo-engineer");
      if (rng.chance(0.2)) requested.push(`${DEMO_GITHUB_ORG.login}/${service.team}`);
    }
    return { reviews, mergedBy, mergeDelayMs, requested, checksOutcome };
  };

  // The bulk: a working week's rhythm over the window.
  for (let d = 0; d < days; d++) {
    const dayMs = startMs + d * DAY;
    const weekday = new Date(dayMs).getUTCDay();
    const count = weekday === 0 || weekday === 6 ? rng.int(0, 2) : rng.int(15, 21);
    for (let k = 0; k < count; k++) {
      const createdMs = dayMs + rng.int(7, 19) * HOUR + rng.int(0, 59) * 60_000;
      if (createdMs >= nowMs) continue;
      const plan = plannedChange(createdMs, d, false);
      if (plan) plans.push(plan);
    }
  }
  // Open pull requests waiting for review, mostly recent.
  for (let k = 0; k < 48; k++) {
    const createdMs = nowMs - rng.int(1, 9 * 24) * HOUR;
    const plan = plannedChange(createdMs, days - 1, true);
    if (plan) plans.push(plan);
  }

  const merged = plans.filter((p) => p.pr.state === "merged" && !p.pr.author.endsWith("[bot]"));
  // Reverts, and fixes of earlier changes: what the history signal and calibration learn from.
  for (const orig of rng.sample(merged, Math.round(merged.length * 0.025))) {
    const at = Date.parse(orig.pr.mergedAt!) + rng.int(1, 72) * HOUR;
    if (at + HOUR > nowMs) continue;
    const author = rng.chance(0.5) ? orig.pr.author : rng.pick(byTeam.get(orig.service.team)!).login;
    const plan = derivedChange(orig, at, author, "revert");
    if (plan) plans.push(plan);
  }
  for (const orig of rng.sample(merged, Math.round(merged.length * 0.05))) {
    const at = Date.parse(orig.pr.mergedAt!) + rng.int(6, 14 * 24) * HOUR;
    if (at + HOUR > nowMs) continue;
    const author = rng.pick(byTeam.get(orig.service.team)!).login;
    const plan = derivedChange(orig, at, author, "fix");
    if (plan) plans.push(plan);
  }

  function derivedChange(orig: Plan, createdMs: number, author: string, kind: "revert" | "fix"): Plan | null {
    const person = DEMO_ENGINEERS.find((e) => e.login === author)!;
    const files: SimFile[] =
      kind === "revert"
        ? orig.pr.files.map((f) => ({ path: f.path, previousPath: null, status: f.status === "added" ? "removed" : "modified", additions: f.deletions, deletions: f.additions }))
        : rng.sample(orig.pr.files, rng.int(1, Math.min(3, orig.pr.files.length))).map((f) => ({ path: f.path, previousPath: null, status: "modified", additions: rng.skewed(6, 0.8, 120), deletions: rng.skewed(3, 0.8, 60) }));
    const commit: SimCommit = { sha: commitSha(), message: "", authorLogin: author, authorName: person.name, authorEmail: `${author}@meridianpay.example`, committedAt: iso(createdMs - 20 * 60_000) };
    const approver = rng.pick(reviewerPool(orig.service.team, author)).login;
    const mergedMs = createdMs + rng.int(10, kind === "revert" ? 90 : 600) * 60_000;
    if (mergedMs > nowMs) return null;
    const pr: SimPullRequest = {
      id: nextId++,
      number: 0,
      title: "",
      body: "",
      state: "merged",
      author,
      createdAt: iso(createdMs),
      updatedAt: iso(mergedMs),
      mergedAt: iso(mergedMs),
      closedAt: iso(mergedMs),
      mergedBy: rng.chance(0.5) ? author : approver,
      baseRef: "main",
      headRef: kind === "revert" ? `revert-${orig.pr.id % 100000}-${orig.pr.headRef}`.slice(0, 60) : `${author.split("-")[0]}/fix-${orig.pr.headRef.split("/").pop()}`.slice(0, 60),
      headSha: commit.sha,
      mergeSha: commitSha(),
      labels: kind === "revert" ? ["revert"] : [rng.pick(["bug", "hotfix"])],
      commits: [commit],
      files,
      reviews: rng.chance(0.85) ? [{ id: reviewId++, reviewer: approver, state: "APPROVED", submittedAt: iso(createdMs + rng.int(2, 9) * 60_000), commitSha: commit.sha }] : [],
      requestedReviewers: [],
      checks: checksFor(orig.repo, rng.chance(0.9) ? "green" : "missing"),
    };
    return {
      repo: orig.repo,
      pr,
      service: orig.service,
      finalize: () => {
        const ref = `${orig.repo.owner}/${orig.repo.name}#${orig.pr.number}`;
        if (kind === "revert") {
          pr.title = `Revert "${orig.pr.title}"`;
          pr.body = `Reverts ${ref}\n\n${rng.pick(["Error rate went up after deploy.", "Broke the nightly settlement job.", "Customers report failed checkouts.", "Rolling back while we investigate."])}`;
          commit.message = `Revert "${orig.pr.title}"\n\nThis reverts commit ${orig.pr.mergeSha}.`;
        } else {
          const topic = files[0]!.path.split("/").pop()!.replace(/\.[a-z]+$/, "");
          pr.title = `Fix ${topic} regression from #${orig.pr.number}`;
          pr.body = `Fixes a regression introduced in ${ref}.`;
          commit.message = `Fix ${topic} regression from #${orig.pr.number}\n\n${rng.pick(["The earlier change missed the empty-list case.", "Restores the previous rounding.", "Handles the null returned by the provider."])}`;
        }
      },
    };
  }

  plans.push(...bulkChanges(repoByName, rng, startMs, days, () => nextId++, commitSha));

  // GitHub numbers pull requests per repository in the order they are opened.
  plans.sort((a, b) => (a.pr.createdAt < b.pr.createdAt ? -1 : a.pr.createdAt > b.pr.createdAt ? 1 : a.pr.id - b.pr.id));
  const counters = new Map(repos.map((r, i) => [r.name, 140 + i * 211]));
  for (const p of plans) {
    const n = counters.get(p.repo.name)! + 1;
    counters.set(p.repo.name, n);
    p.pr.number = n;
    p.repo.pullRequests.push(p.pr);
  }
  for (const p of plans) p.finalize?.();

  const dataset: SimDataset = {
    orgs: [{ id: 660_001, login: DEMO_GITHUB_ORG.login, name: DEMO_GITHUB_ORG.name }],
    users,
    repos,
    tokens: [{ token: DEMO_TOKEN, login: DEMO_TOKEN_LOGIN, scopes: ["repo", "read:org"], kind: "classic" }],
  };
  return {
    dataset,
    org: { ...DEMO_GITHUB_ORG },
    suggestedOrgs: [{ login: DEMO_GITHUB_ORG.login, name: DEMO_GITHUB_ORG.name, repositories: repos.map((r) => `${r.owner}/${r.name}`) }],
    services: DEMO_SERVICES,
    repositories: DEMO_REPOSITORIES,
    engineers: DEMO_ENGINEERS,
    token: DEMO_TOKEN,
  };
}

/** A couple of very wide changes: a codemod past one GraphQL page of files, and a generated icon set past GitHub's 3,000-file cap. */
function bulkChanges(repos: Map<string, SimRepo>, rng: Prng, startMs: number, days: number, id: () => number, sha: () => string): Plan[] {
  const specs = [
    { repo: "web-app", service: "design-system", author: "chloe-dubois", count: 3100, title: "Regenerate icon set from design tokens (WEB-2210)", path: (i: number) => `packages/ui/icons/generated/icon-${String(i).padStart(4, "0")}.svg`, day: Math.floor(days * 0.5) },
    { repo: "platform-api", service: "platform-api", author: "oliver-brandt", count: 240, title: "Migrate route handlers to the new error helper (PLAT-1877)", path: (i: number) => `src/routes/v1/resource-${String(i).padStart(3, "0")}.ts`, day: Math.floor(days * 0.3) },
  ];
  return specs.map((s) => {
    const repo = repos.get(s.repo)!;
    const service = DEMO_SERVICES.find((x) => x.name === s.service)!;
    const created = startMs + s.day * DAY + 10 * HOUR;
    const merged = created + 26 * HOUR;
    const person = DEMO_ENGINEERS.find((e) => e.login === s.author)!;
    const head = sha();
    const approver = DEMO_ENGINEERS.find((e) => e.team === person.team && e.login !== s.author)!.login;
    const pr: SimPullRequest = {
      id: id(),
      number: 0,
      title: s.title,
      body: "Mechanical change produced by a script; review the script, not every file.",
      state: "merged",
      author: s.author,
      createdAt: iso(created),
      updatedAt: iso(merged),
      mergedAt: iso(merged),
      closedAt: iso(merged),
      mergedBy: s.author,
      baseRef: "main",
      headRef: `${s.author.split("-")[0]}/bulk-${s.service}`,
      headSha: head,
      mergeSha: sha(),
      labels: ["chore"],
      commits: [{ sha: head, message: s.title, authorLogin: s.author, authorName: person.name, authorEmail: `${s.author}@meridianpay.example`, committedAt: iso(created - HOUR) }],
      files: Array.from({ length: s.count }, (_, i) => ({ path: s.path(i), previousPath: null, status: "modified" as const, additions: rng.int(1, 12), deletions: rng.int(1, 12) })),
      reviews: [{ id: 9_500_000_000 + s.count, reviewer: approver, state: "APPROVED", submittedAt: iso(created + 7 * 60_000), commitSha: head }],
      requestedReviewers: [],
      checks: [{ name: "ci/test", kind: "check_run", conclusion: "success" }],
    };
    return { repo, pr, service };
  });
}

function codeownersFor(repo: DemoRepository): string {
  const lines = [`# Owners of ${repo.name}. Later rules win.`, `* @${DEMO_GITHUB_ORG.login}/${repo.team}`];
  for (const s of DEMO_SERVICES.filter((x) => x.repo === repo.name)) {
    const seniors = DEMO_ENGINEERS.filter((e) => e.team === s.team && e.senior).map((e) => `@${e.login}`);
    for (const glob of s.paths) {
      const path = glob.endsWith("/**") ? `/${glob.slice(0, -2)}` : `/${glob}`;
      lines.push(`${path} @${DEMO_GITHUB_ORG.login}/${s.team} ${seniors.join(" ")}`.trim());
    }
  }
  if (repo.name === "payments-core") lines.push("/services/ledger/migrations/ @demo-engineer @priya-raman @meridian/payments");
  if (repo.name === "web-app") lines.push("/app/payments/ @demo-engineer @meridian/web");
  if (repo.name === "infra") lines.push("/.github/workflows/ @demo-admin @meridian/infra");
  return `${lines.join("\n")}\n`;
}
