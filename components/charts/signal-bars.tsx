"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface SignalBar {
  name: string;
  /** 0–1 before the AI multiplier. */
  value: number;
  /** min(1, value × multiplier): what entered the formula. */
  amplified: number;
  multiplier: number;
  known: boolean;
}

/** The seven signals as bars: the measured value, and beside it the value after the AI multiplier. */
export default function SignalBars({ data, ai }: { data: SignalBar[]; ai: boolean }) {
  const rows = data.map((d) => ({
    name: d.multiplier !== 1 && ai ? `${d.name} ×${d.multiplier}` : d.name,
    value: d.known ? Math.round(d.value * 100) : 0,
    amplified: d.known ? Math.round(d.amplified * 100) : 0,
  }));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 24, left: 8 }} accessibilityLayer>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--border)" />
        <XAxis
          type="number"
          domain={[0, 100]}
          tick={{ fill: "var(--muted)", fontSize: 12 }}
          label={{ value: "Signal strength (% of maximum)", position: "insideBottom", offset: -12, fill: "var(--muted)", fontSize: 12 }}
        />
        <YAxis type="category" dataKey="name" width={130} tick={{ fill: "var(--text)", fontSize: 12 }} />
        <Tooltip formatter={(v) => `${String(v)} %`} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
        <Legend verticalAlign="top" height={24} />
        <Bar dataKey="value" name="Measured" fill="var(--chart-1)" />
        {ai ? <Bar dataKey="amplified" name="After AI multiplier" fill="var(--chart-2)" /> : null}
      </BarChart>
    </ResponsiveContainer>
  );
}
