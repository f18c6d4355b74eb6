import type { BoardSlice } from "@/db/queries/board";

/** The board's slice in the URL: `?repo=<id>` or `?service=<name>`; nothing means the whole organisation. */
export function parseBoardSlice(raw: Record<string, string | string[] | undefined> | URLSearchParams): BoardSlice {
  const get = (k: string) => {
    const v = raw instanceof URLSearchParams ? raw.get(k) : raw[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s && s.trim() ? s.trim().slice(0, 200) : undefined;
  };
  const repo = get("repo");
  if (repo && /^[0-9a-f-]{36}$/i.test(repo)) return { kind: "repo", repositoryId: repo };
  const service = get("service");
  if (service) return { kind: "service", service };
  return { kind: "org" };
}

export function boardSliceQuery(slice: BoardSlice): string {
  if (slice.kind === "repo") return `repo=${encodeURIComponent(slice.repositoryId)}`;
  if (slice.kind === "service") return `service=${encodeURIComponent(slice.service)}`;
  return "";
}
