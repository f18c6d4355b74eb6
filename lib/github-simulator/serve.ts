/**
 * Runs the simulator standalone: `npx tsx lib/github-simulator/serve.ts --demo --port 4010 [--now ISO] [--seed N]`.
 * Prints the URL and the demo token, and stops on SIGINT/SIGTERM.
 */
import { generateDemoOrganisation } from "@/lib/demo";
import { fixtureDataset, FIXTURE_TOKEN } from "./fixtures";
import { startSimulator } from "./server";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg("port") ?? 4010);
const demo = process.argv.includes("--demo");
const now = arg("now") ?? new Date().toISOString();
const seed = arg("seed") ? Number(arg("seed")) : undefined;

const { dataset, token } = demo
  ? (() => {
      const org = generateDemoOrganisation({ now, seed });
      return { dataset: org.dataset, token: org.token };
    })()
  : { dataset: fixtureDataset({ pullRequests: Number(arg("prs") ?? 200) }), token: FIXTURE_TOKEN };

const sim = await startSimulator({ dataset, port, host: arg("host") ?? "127.0.0.1" });
const prs = dataset.repos.reduce((n, r) => n + r.pullRequests.length, 0);
process.stdout.write(`GitHub simulator on ${sim.url} (GraphQL ${sim.graphqlUrl})\n`);
process.stdout.write(`${dataset.repos.length} repositories, ${prs} pull requests; token: ${token}\n`);
const stop = async () => {
  await sim.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
