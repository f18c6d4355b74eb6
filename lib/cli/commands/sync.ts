import type { Command } from "commander";
import { getGithubConnection, getRepositoryByName, listSelectedRepositories } from "../../../db/queries/github";
import { createOrganisation, getOrganisationBySlug } from "../../../db/queries/organisations";
import { getSyncRun } from "../../../db/queries/sync-runs";
import { getEnv } from "../../env";
import { connectGitHub, selectRepositories } from "../../services/github-connection";
import { AppError } from "../../services/errors";
import { getSecretBox } from "../../services/secrets";
import { requestSync, runSync } from "../../services/sync";
import { withDatabase } from "../database";
import { CliError } from "../errors";

export function registerSync(program: Command): void {
  program
    .command("sync")
    .description("Sync one repository's pull requests from GitHub, score them and store them (headless twin of Settings → Sync).")
    .requiredOption("--repo <owner/name>", "repository to sync")
    .option("--org <slug>", "organisation to store into (created when missing)", "default")
    .addHelpText(
      "after",
      "\nEnvironment: GITHUB_TOKEN (read-only token), GITHUB_API_URL (default https://api.github.com),\n" +
        "DATABASE_URL (else the embedded database, which must not be open in a running server).\n" +
        "Progress goes to stderr; a summary line to stdout.",
    )
    .action(async (opts: { repo: string; org: string }) => {
      if (!/^[\w.-]+\/[\w.-]+$/.test(opts.repo)) throw new CliError(`--repo must look like owner/name, got "${opts.repo}"`, 2);
      const env = getEnv();
      const token = process.env.GITHUB_TOKEN;
      await withDatabase(async ({ db }) => {
        const box = getSecretBox();
        const org = (await getOrganisationBySlug(db, opts.org)) ?? (await createOrganisation(db, { slug: opts.org, name: opts.org }));
        const actor = { orgId: org.id, userId: null };
        if (token) {
          process.stderr.write(`Checking the token against ${env.GITHUB_API_URL}…\n`);
          try {
            const check = await connectGitHub(db, box, actor, { token, apiUrl: env.GITHUB_API_URL }, new Date());
            process.stderr.write(`Connected as ${check.login ?? check.kind}; ${check.repositories.length} repositories reachable.\n`);
          } catch (err) {
            if (err instanceof AppError) throw new CliError(err.message, 2);
            throw err;
          }
        } else if (!(await getGithubConnection(db, org.id))) {
          throw new CliError("Set GITHUB_TOKEN (this organisation has no stored GitHub connection yet).", 2);
        }
        if (!(await getRepositoryByName(db, org.id, opts.repo))) {
          throw new CliError(`The token does not reach ${opts.repo} (or it does not exist).`, 2);
        }
        const selected = new Set((await listSelectedRepositories(db, org.id)).map((r) => r.fullName));
        selected.add(opts.repo);
        await selectRepositories(db, actor, [...selected]);

        const { run } = await requestSync(db, { orgId: org.id, trigger: "cli", requestedBy: null });
        let lastLine = "";
        const timer = setInterval(async () => {
          const r = await getSyncRun(db, org.id, run.id).catch(() => undefined);
          if (!r) return;
          const line = `repositories ${r.reposDone}/${r.reposTotal} · fetched ${r.prsFetched} · scored ${r.prsScored}` +
            (r.rateLimitRemaining !== null ? ` · GitHub points left ${r.rateLimitRemaining}` : "");
          if (line !== lastLine) process.stderr.write(`${line}\n`);
          lastLine = line;
        }, 1000);
        let finished;
        try {
          finished = await runSync(db, org.id, run.id, { box });
        } finally {
          clearInterval(timer);
        }
        for (const e of finished.errors) process.stderr.write(`error: ${e.repo ? `${e.repo}: ` : ""}${e.message}\n`);
        process.stdout.write(
          `sync ${finished.status}: ${finished.reposDone}/${finished.reposTotal} repositories, ` +
            `${finished.prsFetched} pull requests fetched, ${finished.prsScored} scored, ${finished.errors.length} errors\n`,
        );
        if (finished.status !== "succeeded" || finished.errors.length) process.exitCode = 1;
      });
    });
}
