import { expect, it } from "vitest";
import { DEMO_SERVICES } from "../demo";
import { formatPolicyError, loadPolicy } from "../policy";
import { demoPolicyYaml } from "./demo-policy";

it("the demo policy validates and names every demo service with its tier", () => {
  const loaded = loadPolicy(demoPolicyYaml());
  expect(loaded.errors.map(formatPolicyError)).toEqual([]);
  expect(loaded.ok).toBe(true);
  if (!loaded.ok) return;
  for (const s of DEMO_SERVICES) expect(loaded.policy.serviceByName.get(s.name)?.tier).toBe(s.tier);
  const payments = DEMO_SERVICES.find((s) => s.tier === 0)!;
  const file = payments.source[0]!;
  const hits = loaded.policy.classify(`meridian/${payments.repo}`, file).services.map((i) => loaded.policy.services[i]!.name);
  expect(hits).toContain(payments.name);
});
