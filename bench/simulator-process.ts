/**
 * The GitHub simulator in its own process for the sync benchmark, so that serving GitHub's answers does not take
 * turns with the sync on one event loop (as real GitHub would not). Started with `fork`; it answers its URL over
 * IPC once the schema is built and the port is open, and stops when the parent disconnects.
 */
import { fixtureDataset } from "@/lib/github-simulator/fixtures";
import { githubSchema } from "@/lib/github-simulator/graphql-schema";
import { startSimulator } from "@/lib/github-simulator/server";

export interface SimulatorProcessReady {
  url: string;
}

const pullRequests = Number(process.argv[2] ?? "200");
githubSchema();
const sim = await startSimulator({ dataset: fixtureDataset({ pullRequests }), limits: { core: 1_000_000, graphql: 1_000_000 } });
process.send?.({ url: sim.url } satisfies SimulatorProcessReady);
process.on("disconnect", () => {
  void sim.stop().then(() => process.exit(0));
});
