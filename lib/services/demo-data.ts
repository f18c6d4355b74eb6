import type { Db } from "../../db/client";
import { getGithubConnection, listRepositories, setGithubApiUrl } from "../../db/queries/github";
import { getOrganisation } from "../../db/queries/organisations";
import { DEMO_TOKEN_LOGIN, generateDemoOrganisation } from "../demo";
import type { SecretBox } from "../crypto";
import { startSimulator } from "../github-simulator/server";
import { connectGitHub, selectRepositories } from "./github-connection";
import { requestSync } from "./sync";

export interface DemoGitHub {
  url: string;
  stop(): Promise<void>;
  /** A sync run to start, when this start connected the demo (first start). */
  runId: string | null;
}

/**
 * The demo organisation's GitHub is the built-in simulator serving a generated organisation; its data reaches the
 * ledger through the real connect → sync → score → store path, never by writing rows directly. The generator's
 * clock is the organisation's creation time, so every restart serves the same history.
 */
export async function startDemoGitHub(db: Db, box: SecretBox, orgId: string): Promise<DemoGitHub> {
  const org = await getOrganisation(db, orgId);
  if (!org) throw new Error("demo organisation missing");
  const demo = generateDemoOrganisation({ now: org.createdAt.toISOString() });
  const sim = await startSimulator({ dataset: demo.dataset, host: "127.0.0.1" });
  let runId: string | null = null;
  const connection = await getGithubConnection(db, orgId);
  if (!connection) {
    await connectGitHub(db, box, { orgId, userId: null }, { token: demo.token, apiUrl: sim.url }, new Date());
    await selectRepositories(db, { orgId, userId: null }, (await listRepositories(db, orgId)).map((r) => r.fullName));
    runId = (await requestSync(db, { orgId, trigger: "demo", requestedBy: null })).run.id;
  } else if (connection.login === DEMO_TOKEN_LOGIN) {
    // The simulator listens on a new port each start.
    await setGithubApiUrl(db, orgId, sim.url);
  }
  return { url: sim.url, stop: () => sim.stop(), runId };
}
