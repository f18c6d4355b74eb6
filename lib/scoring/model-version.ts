/** Bumped whenever the formula, a signal's shape or a default changes: scores name the model that produced them. */
export const MODEL_VERSION = "pri-1.2.0";
