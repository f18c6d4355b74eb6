import { describe, expect, it } from "vitest";
import { startSimulator } from "@/lib/github-simulator/server";
import { createGitHubClient } from "@/lib/github/client";
import { fetchPullRequests } from "@/lib/github/pull-requests";
import { fetchRepositorySettings } from "@/lib/github/repository-settings";
import { checkToken } from "@/lib/github/token";
import { byRepoAndNumber, expectedChanges } from "@/lib/github/test-support";
import type { Change } from "@/lib/scoring/types";
import { generateDemoOrganisation } from "./generate";

describe("the demo organisation through the simulator and the real client", () => {
  it("is fetched whole and unchanged, with settings for every repository", async () => {
    const demo = generateDemoOrganisation({ now: "2026-05-01T12:00:00Z" });
    const sim = await startSimulator({ dataset: demo.dataset });
    try {
      const client = createGitHubClient({ token: demo.token, baseUrl: sim.url, timeUnitMs: 2 });
      const check = await checkToken(client);
      expect(check.login).toBe("demo-admin");
      expect(check.repositories.map((r) => r.fullName).sort()).toEqual([...demo.suggestedOrgs[0]!.repositories].sort());
      const changes: Change[] = [];
      for (const full of demo.suggestedOrgs[0]!.repositories) {
        const [owner, repo] = full.split("/") as [string, string];
        const settings = await fetchRepositorySettings(client, { owner, repo });
        expect(settings.codeowners).not.toBeNull();
        for await (const item of fetchPullRequests(client, { owner, repo })) changes.push(item.change);
      }
      expect(changes.sort(byRepoAndNumber)).toEqual(expectedChanges(demo.dataset));
      expect(changes.some((c) => c.filesTruncated)).toBe(true);
    } finally {
      await sim.stop();
    }
  });
});
