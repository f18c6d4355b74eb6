import { describe, expect, it } from "vitest";
import { compileGlob, matchingRule, ownersOf, parseCodeowners } from ".";

const FILE = `# Owners of everything
*       @acme/everyone
*.js    @js-owner
/build/logs/ @doctocat
docs/*  docs@example.com
apps/   @octocat
/docs/  @doctocat
/scripts/ @doctocat @octocat
**/logs @logs-team/ops
/apps/github
config/generated.json
`;

describe("CODEOWNERS", () => {
  const co = parseCodeowners(FILE);
  it.each([
    ["README.md", ["@acme/everyone"]],
    ["src/app.js", ["@js-owner"]],
    ["build/logs/x.log", ["@logs-team/ops"]],
    ["docs/getting-started.md", ["@doctocat"]],
    ["docs/build-app/troubleshooting.md", ["@doctocat"]],
    ["a/docs/x.md", ["@acme/everyone"]],
    ["a/docs/b/x.md", ["@acme/everyone"]],
    ["web/apps/x.ts", ["@octocat"]],
    ["scripts/deploy.sh", ["@doctocat", "@octocat"]],
    ["deep/path/logs/today.txt", ["@logs-team/ops"]],
    ["apps/github/index.ts", []],
    ["apps/other/index.ts", ["@octocat"]],
    ["config/generated.json", []],
  ])("%s → %j (the last matching rule wins)", (path, owners) => {
    expect(ownersOf(co, path)).toEqual(owners);
  });

  it("has no errors for a valid file", () => {
    expect(co.errors).toEqual([]);
    expect(co.rules).toHaveLength(10);
    expect(matchingRule(co, "apps/github/x")!.line).toBe(10);
  });

  it("reports malformed lines with line numbers and uses the rest", () => {
    const text = "* @all\n!secret.txt @sec\nsrc/ @ok-user not-an-owner\n[ab].ts @x\nlib/ @acme/lib # trailing comment\n";
    const r = parseCodeowners(text);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([[2, 1], [3, 15], [4, 1]]);
    expect(r.errors[1]!.message).toContain('invalid owner "not-an-owner"');
    expect(ownersOf(r, "src/x.ts")).toEqual(["@all"]);
    expect(ownersOf(r, "lib/x.ts")).toEqual(["@acme/lib"]);
    expect(r.rules.map((x) => x.line)).toEqual([1, 5]);
  });

  it("handles CRLF, blank lines, escaped hash and no match", () => {
    const r = parseCodeowners("\r\n\\#notes.md @n\r\n/only/ @o\r\n");
    expect(ownersOf(r, "#notes.md")).toEqual(["@n"]);
    expect(ownersOf(r, "elsewhere.ts")).toEqual([]);
  });
});

describe("path patterns", () => {
  it.each([
    ["*.sql", "db/migrations/1.sql", true],
    ["/docs/", "x/docs/a.md", false],
    ["docs/", "x/docs/a.md", true],
    ["docs/*", "docs/a/b.md", false],
    ["docs/**", "docs/a/b.md", true],
    ["migrations", "db/migrations/001.sql", true],
    ["apps/web", "apps/web/page.tsx", true],
    ["apps/web", "x/apps/web/page.tsx", false],
    ["**/*auth*.*", "src/lib/authService.ts", true],
    [".env.*", "apps/web/.env.local", true],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(compileGlob(pattern)(path)).toBe(expected);
  });
});
