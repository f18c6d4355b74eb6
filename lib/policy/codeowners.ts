import { compileGlob, type PathMatcher } from "./glob";

/**
 * CODEOWNERS with GitHub's semantics: later rules override earlier ones (the last matching pattern wins), patterns
 * follow gitignore rules with GitHub's exceptions (no `!` negation, no `[]` ranges), owners are `@user`,
 * `@org/team` or an email, and a pattern without owners clears ownership. A line with a syntax error is reported
 * and skipped; the rest of the file still applies, as on GitHub.
 */

export interface CodeownersRule {
  /** 1-based line in the file. */
  line: number;
  pattern: string;
  owners: string[];
  match: PathMatcher;
}

export interface CodeownersError {
  line: number;
  column: number;
  message: string;
}

export interface Codeowners {
  rules: CodeownersRule[];
  errors: CodeownersError[];
}

const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const TEAM = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidOwner(owner: string): boolean {
  return USER.test(owner) || TEAM.test(owner) || EMAIL.test(owner);
}

export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const errors: CodeownersError[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const tokens = tokenize(raw);
    const [first, ...rest] = tokens;
    if (!first) return;
    const pattern = first.text.startsWith("\\#") ? first.text.slice(1) : first.text;
    const lineErrors: CodeownersError[] = [];
    if (pattern.startsWith("!")) {
      lineErrors.push({ line, column: first.column, message: `negated pattern "${pattern}" is not supported in CODEOWNERS` });
    } else if (/\[.*\]/.test(pattern)) {
      lineErrors.push({ line, column: first.column, message: `character range in "${pattern}" is not supported in CODEOWNERS` });
    }
    const owners: string[] = [];
    for (const token of rest) {
      if (token.text.startsWith("#")) break;
      if (!isValidOwner(token.text)) {
        lineErrors.push({ line, column: token.column, message: `invalid owner "${token.text}" (expected @user, @org/team or an email)` });
      } else {
        owners.push(token.text);
      }
    }
    if (lineErrors.length) {
      errors.push(...lineErrors);
      return;
    }
    rules.push({ line, pattern, owners, match: compileGlob(pattern) });
  });
  return { rules, errors };
}

/** Owners of a path: those of the last rule that matches it; [] when none matches or that rule names nobody. */
export function ownersOf(codeowners: Codeowners, path: string): string[] {
  const rule = matchingRule(codeowners, path);
  return rule ? rule.owners : [];
}

export function matchingRule(codeowners: Codeowners, path: string): CodeownersRule | null {
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i]!;
    if (rule.match(path)) return rule;
  }
  return null;
}

function tokenize(raw: string): Array<{ text: string; column: number }> {
  const out: Array<{ text: string; column: number }> = [];
  const re = /(?:\\ |\S)+/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) out.push({ text: m[0].replace(/\\ /g, " "), column: m.index + 1 });
  return out;
}
