"use client";

import { useCallback, useState, useTransition } from "react";

/** What the user is told after a server action: a confirmation or the error to act on. */
export interface Feedback {
  ok: boolean;
  text: string;
}

/**
 * The pending state and the message of a button that calls server actions. `run` starts the task in a transition
 * (the caller disables its buttons while `pending`), clears the previous message, and shows what the task returns
 * (null: nothing to say, e.g. the page refreshes instead).
 */
export function useActionFeedback() {
  const [pending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const run = useCallback((task: () => Promise<Feedback | null>) => {
    startTransition(async () => {
      setFeedback(null);
      setFeedback(await task());
    });
  }, []);
  return { pending, feedback, run };
}

/** The failure of an action result as feedback, or null when it succeeded. */
export function failureOf(result: { ok: true } | { ok: false; error: string }): Feedback | null {
  return result.ok ? null : { ok: false, text: result.error };
}

/**
 * Where the feedback appears. The live region is always in the page, so assistive technology announces each new
 * message (a region inserted together with its text is often not read); it takes no room while empty.
 */
export function ActionFeedback({ feedback, inline = false }: { feedback: Feedback | null; inline?: boolean }) {
  const Tag = inline ? "span" : "div";
  const className = !feedback ? undefined : inline ? (feedback.ok ? undefined : "field-error") : `notice ${feedback.ok ? "notice-ok" : "notice-error"}`;
  return (
    <Tag className={className} role="status">
      {feedback?.text}
    </Tag>
  );
}
