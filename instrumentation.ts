/** Runs once when the server starts: migrations, then the demo organisation on a fresh embedded database. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerServices } = await import("./lib/services/server-start");
  await startServerServices();
}
