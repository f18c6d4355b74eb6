import type { PriBucket } from "@/db/queries/board";
import { formatCount, formatPercent } from "@/components/ui/format";

export interface Kpi {
  id: string;
  label: string;
  current: string;
  previous: string;
  /** Plain-words comparison; says "not yet measured" rather than inventing a zero. */
  reading: string;
  /** Whether the move is good news, bad news or neither (the colour; the words and arrow give the direction). */
  tone: "good" | "bad" | "flat" | "none";
  direction: "up" | "down" | "none";
}

function delta(cur: number | null, prev: number | null, unit: string, higherIsBetter: boolean, digits = 1): Pick<Kpi, "reading" | "tone" | "direction"> {
  if (cur === null) return { reading: "not yet measured this quarter", tone: "none", direction: "none" };
  if (prev === null) return { reading: "no figure for last quarter", tone: "none", direction: "none" };
  const d = cur - prev;
  if (Math.abs(d) < 10 ** -digits / 2) return { reading: "unchanged from last quarter", tone: "flat", direction: "none" };
  const up = d > 0;
  return {
    reading: `${up ? "up" : "down"} ${Math.abs(d).toFixed(digits)}${unit} from last quarter`,
    tone: up === higherIsBetter ? "good" : "bad",
    direction: up ? "up" : "down",
  };
}

const share = (n: number, of: number) => (of > 0 ? n / of : null);

/** The quarter's figures against the last one's, as the board reads them. */
export function boardKpis(current: PriBucket, previous: PriBucket, weeks: { current: number; previous: number } = { current: 13, previous: 13 }): Kpi[] {
  // Counts of a quarter to date and of a whole quarter are compared as rates per week.
  const perWeek = (n: number, w: number) => (w > 0 ? n / w : null);
  const rate = (n: number, w: number) => `${(perWeek(n, w) ?? 0).toFixed(1)} a week`;
  const attestedCur = share(current.highRiskAttested, current.highRisk);
  const attestedPrev = share(previous.highRiskAttested, previous.highRisk);
  const pct = (x: number | null) => (x === null ? null : x * 100);
  return [
    {
      id: "pri",
      label: "PRI",
      current: current.pri === null ? "—" : current.pri.toFixed(1),
      previous: previous.pri === null ? "—" : previous.pri.toFixed(1),
      ...delta(current.pri, previous.pri, " points", true),
    },
    {
      id: "merged",
      label: "Changes merged",
      current: formatCount(current.merged),
      previous: `${formatCount(previous.merged)} (${rate(previous.merged, weeks.previous)})`,
      ...delta(perWeek(current.merged, weeks.current), perWeek(previous.merged, weeks.previous), " a week", true, 1),
      tone: "flat",
    },
    {
      id: "high",
      label: "High or critical merges",
      current: formatCount(current.highRisk),
      previous: `${formatCount(previous.highRisk)} (${rate(previous.highRisk, weeks.previous)})`,
      ...delta(perWeek(current.highRisk, weeks.current), perWeek(previous.highRisk, weeks.previous), " a week", false, 1),
    },
    {
      id: "attested",
      label: "High-risk merges attested",
      current: attestedCur === null ? "—" : `${formatPercent(attestedCur)} (${current.highRiskAttested} of ${current.highRisk})`,
      previous: attestedPrev === null ? "—" : formatPercent(attestedPrev),
      ...(current.highRisk === 0
        ? { reading: "no high-risk merge this quarter", tone: "none" as const, direction: "none" as const }
        : delta(pct(attestedCur), pct(attestedPrev), " pp", true, 0)),
    },
    {
      id: "ai",
      label: "AI-origin share",
      current: formatPercent(current.aiShare),
      previous: formatPercent(previous.aiShare),
      ...delta(pct(current.aiShare), pct(previous.aiShare), " pp", true, 0),
      tone: "flat",
    },
    {
      id: "cfr",
      label: "Change failure rate",
      current: current.changeFailureRate === null ? "not yet measured" : formatPercent(current.changeFailureRate, 1),
      previous: previous.changeFailureRate === null ? "not yet measured" : formatPercent(previous.changeFailureRate, 1),
      ...(current.changeFailureRate === null
        ? { reading: "no outcome labels yet (reverts or fixes within 30 days)", tone: "none" as const, direction: "none" as const }
        : delta(pct(current.changeFailureRate), pct(previous.changeFailureRate), " pp", false, 1)),
    },
  ];
}
