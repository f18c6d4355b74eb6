import type { Repository } from "../../db/schema";
import { parseCodeowners, type Codeowners } from "../policy";

/** CODEOWNERS parsed once per repository and run, not once per change. */
export function codeownersOf(repo: Pick<Repository, "codeowners">): Codeowners | null {
  return repo.codeowners ? parseCodeowners(repo.codeowners) : null;
}
