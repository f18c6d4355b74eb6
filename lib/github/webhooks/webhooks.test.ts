import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { verify as octokitVerify } from "@octokit/webhooks-methods";
import { mapWebhookPullRequest, type WebhookPullRequest } from "./map";
import { HANDLED_EVENTS, parseWebhook, UnknownWebhookEventError } from "./parse";
import { signWebhookBody, verifyWebhookSignature } from "./verify";

type Example = { name: string; examples: Array<Record<string, unknown>> };
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as Example[];
const payloadsOf = (name: string) => examples.find((e) => e.name === name)!.examples;

describe("verifyWebhookSignature", () => {
  const body = JSON.stringify(payloadsOf("pull_request")[0]);

  it("accepts GitHub's signature and agrees with @octokit/webhooks-methods", async () => {
    const header = signWebhookBody("s3cret", body);
    expect(verifyWebhookSignature(["s3cret"], body, header)).toBe(true);
    expect(await octokitVerify("s3cret", body, header)).toBe(true);
  });

  it("rejects a wrong secret, a tampered body, and malformed headers", () => {
    const header = signWebhookBody("s3cret", body);
    expect(verifyWebhookSignature(["other"], body, header)).toBe(false);
    expect(verifyWebhookSignature(["s3cret"], `${body} `, header)).toBe(false);
    for (const bad of [undefined, null, "", "sha1=abc", "sha256=zz", `sha256=${"0".repeat(63)}`]) {
      expect(verifyWebhookSignature(["s3cret"], body, bad)).toBe(false);
    }
    expect(verifyWebhookSignature([], body, header)).toBe(false);
  });

  it("accepts either of two secrets during a rotation", () => {
    const secrets = ["new-secret", "old-secret"];
    expect(verifyWebhookSignature(secrets, body, signWebhookBody("old-secret", body))).toBe(true);
    expect(verifyWebhookSignature(secrets, body, signWebhookBody("new-secret", body))).toBe(true);
    expect(verifyWebhookSignature(["new-secret"], body, signWebhookBody("old-secret", body))).toBe(false);
  });

  it("verifies raw bytes as well as strings", () => {
    const bytes = new TextEncoder().encode(body);
    expect(verifyWebhookSignature(["k"], bytes, signWebhookBody("k", body))).toBe(true);
  });
});

describe("parseWebhook with real payloads", () => {
  it("maps every pull_request example to a rescore or a reasoned ignore", () => {
    for (const payload of payloadsOf("pull_request")) {
      const action = parseWebhook("pull_request", payload);
      const repo = (payload.repository as { full_name: string }).full_name;
      const number = (payload.pull_request as { number: number }).number;
      if (["opened", "closed", "synchronize", "labeled", "review_requested", "reopened"].includes(payload.action as string)) {
        expect(action).toMatchObject({ kind: "rescore-pr", repo, number });
      }
      if (["assigned", "locked"].includes(payload.action as string)) expect(action.kind).toBe("ignored");
    }
  });

  it("maps review submissions and dismissals to a rescore", () => {
    for (const payload of payloadsOf("pull_request_review")) {
      const action = parseWebhook("pull_request_review", payload);
      expect(action.kind).toBe("rescore-pr");
    }
  });

  it("maps push, status and check_suite", () => {
    for (const payload of payloadsOf("push")) {
      const action = parseWebhook("push", payload);
      expect(action).toMatchObject({ kind: "push", repo: (payload.repository as { full_name: string }).full_name, ref: payload.ref });
    }
    for (const payload of payloadsOf("status")) {
      expect(parseWebhook("status", payload)).toMatchObject({ kind: "rescore-head", sha: payload.sha, event: "status" });
    }
    const suites = payloadsOf("check_suite").map((p) => parseWebhook("check_suite", p));
    expect(suites.some((a) => a.kind === "rescore-head")).toBe(true);
    expect(suites.some((a) => a.kind === "ignored")).toBe(true);
  });

  it("takes from a check suite only the pull requests of its own repository", () => {
    const payload = payloadsOf("check_suite").find((p) => p.action === "completed" && (p.check_suite as { pull_requests: unknown[] }).pull_requests.length > 0)!;
    const suite = payload.check_suite as { pull_requests: Array<{ number: number; base: { repo: { id: number } } }> };
    const foreign = { ...suite.pull_requests[0]!, number: 77, base: { ...suite.pull_requests[0]!.base, repo: { ...suite.pull_requests[0]!.base.repo, id: 1 } } };
    const mixed = { ...payload, check_suite: { ...suite, pull_requests: [...suite.pull_requests, foreign] } };
    expect(parseWebhook("check_suite", mixed)).toMatchObject({ kind: "rescore-head", numbers: suite.pull_requests.map((p) => p.number) });
  });

  it("ignores ping and refuses events it does not handle", () => {
    expect(parseWebhook("ping", payloadsOf("ping")[0])).toEqual({ kind: "ignored", reason: "ping" });
    expect(() => parseWebhook("issues", payloadsOf("issues")[0])).toThrow(UnknownWebhookEventError);
    expect(HANDLED_EVENTS).toContain("check_suite");
  });

  it("rejects a payload without a repository", () => {
    expect(() => parseWebhook("push", { ref: "refs/heads/main" })).toThrow(/repository/);
  });
});

describe("mapWebhookPullRequest", () => {
  it("maps a real closed-and-merged payload", () => {
    const payload = payloadsOf("pull_request").find((p) => p.action === "closed" && (p.pull_request as { merged?: boolean }).merged)
      ?? payloadsOf("pull_request").find((p) => p.action === "closed")!;
    const pr = payload.pull_request as unknown as WebhookPullRequest;
    const partial = mapWebhookPullRequest(pr, (payload.repository as { full_name: string }).full_name, "Codertocat");
    expect(partial.number).toBe(pr.number);
    expect(partial.headSha).toBe(pr.head.sha);
    expect(partial.state).toBe(pr.merged ? "merged" : "closed");
    expect(partial.author?.login).toBe(pr.user?.login);
  });

  it("marks bots and lists requested users and teams", () => {
    const partial = mapWebhookPullRequest(
      {
        number: 5,
        title: "t",
        state: "open",
        created_at: "2026-01-01T00:00:00Z",
        user: { login: "dependabot[bot]", type: "Bot" },
        base: { ref: "main" },
        head: { ref: "dependabot/npm/x", sha: "abc" },
        requested_reviewers: [{ login: "dana" }],
        requested_teams: [{ slug: "payments" }],
      },
      "acme/pay",
      "acme",
    );
    expect(partial.author).toEqual({ login: "dependabot[bot]", type: "Bot" });
    expect(partial.requestedReviewers).toEqual(["dana", "acme/payments"]);
    expect(partial.mergeSha).toBeNull();
  });
});
