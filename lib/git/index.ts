export { readMergedChanges, GitReadError, type ReadMergedChangesOptions } from "./read-merged-changes";
export { parseTrailers, revertedSha } from "./trailers";
export { toGitChange, parseLogRecord, parseDiff, actorOf, type GitChange, type RawCommit, type BranchCommit } from "./log-record";
