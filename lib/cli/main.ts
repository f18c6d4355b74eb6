#!/usr/bin/env tsx
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands";
import { CliError } from "./errors";

const program = new Command()
  .name("npm run cli --")
  .description("Risk Ledger command line: scoring, sync, ledger export, receipts and demo data.")
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else if (err instanceof CliError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
