"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { divergentSpans, type WeekPoint } from "@/components/board/divergence";

/** Weekly PRI (line, left axis) beside velocity (bars, right axis), shading weeks where velocity rose as PRI fell. */
export default function PriTrend({ points }: { points: WeekPoint[] }) {
  const spans = divergentSpans(points);
  return (
    <ResponsiveContainer width="100%" height={320}>
      <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 28, left: 8 }} accessibilityLayer>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        {spans.map((s) => (
          <ReferenceArea key={s.from} x1={s.from} x2={s.to} yAxisId="pri" fill="var(--shade)" fillOpacity={0.35} ifOverflow="extendDomain" />
        ))}
        <XAxis
          dataKey="week"
          tick={{ fill: "var(--muted)", fontSize: 11 }}
          label={{ value: "Week starting (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)", fontSize: 12 }}
        />
        <YAxis
          yAxisId="pri"
          domain={[0, 100]}
          tick={{ fill: "var(--muted)", fontSize: 12 }}
          label={{ value: "PRI (0–100)", angle: -90, position: "insideLeft", fill: "var(--muted)", fontSize: 12 }}
        />
        <YAxis
          yAxisId="velocity"
          orientation="right"
          allowDecimals={false}
          tick={{ fill: "var(--muted)", fontSize: 12 }}
          label={{ value: "Merged per week", angle: 90, position: "insideRight", fill: "var(--muted)", fontSize: 12 }}
        />
        <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
        <Legend verticalAlign="top" height={24} />
        <Bar yAxisId="velocity" dataKey="merged" name="Merged per week" fill="var(--chart-2)" opacity={0.55} />
        <Line yAxisId="pri" type="monotone" dataKey="pri" name="PRI" stroke="var(--chart-1)" strokeWidth={2} dot={{ r: 2 }} connectNulls />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
