/** Marks agent-authored or agent-co-authored work; the tools are named when known. */
export function AiBadge({ tools }: { tools?: readonly string[] }) {
  const title = tools?.length ? `AI origin: ${tools.join(", ")}` : "AI origin";
  return (
    <span className="badge ai-badge" title={title}>
      AI<span className="visually-hidden"> origin{tools?.length ? ` (${tools.join(", ")})` : ""}</span>
    </span>
  );
}
