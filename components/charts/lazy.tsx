"use client";

import dynamic from "next/dynamic";

/** Recharts stays out of the first load: the charts arrive after the tables they sit beside. */
function ChartPlaceholder() {
  return <div className="chart-placeholder" aria-hidden="true" />;
}

export const LazySignalBars = dynamic(() => import("./signal-bars"), { ssr: false, loading: ChartPlaceholder });
export const LazyPriTrend = dynamic(() => import("./pri-trend"), { ssr: false, loading: ChartPlaceholder });
