import { schema as published } from "@octokit/graphql-schema";
import { buildSchema, type GraphQLSchema } from "graphql";

let cached: GraphQLSchema | null = null;

/** GitHub's published public schema, built once per process (the SDL is about 1.2 MB). */
export function githubSchema(): GraphQLSchema {
  if (cached) return cached;
  // The published SDL is known valid; skipping SDL validation saves most of the build time.
  cached = buildSchema(published.idl, { assumeValidSDL: true });
  return cached;
}
