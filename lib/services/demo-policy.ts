import { stringify } from "yaml";
import { DEMO_GITHUB_ORG, DEMO_REPOSITORIES, DEMO_SERVICES } from "../demo";

/**
 * The demo organisation's policy, written from the same catalogue the demo GitHub data is generated from: every
 * service with its tier, owner, paths, consumers and data classes, the regimes those classes expose, and the
 * controls its branch protection implies. The model's tuned weights and bands stay the defaults.
 */
export function demoPolicyYaml(): string {
  const known = new Set(DEMO_SERVICES.map((s) => s.name));
  const document = {
    version: 1,
    name: `${DEMO_GITHUB_ORG.name} production policy (demo)`,
    services: DEMO_SERVICES.map((s) => ({
      name: s.name,
      owner: `@${DEMO_GITHUB_ORG.login}/${s.team}`,
      tier: s.tier,
      paths: { [`${DEMO_GITHUB_ORG.login}/${s.repo}`]: s.paths },
      ...(s.dependsOn.filter((d) => known.has(d)).length ? { depends_on: s.dependsOn.filter((d) => known.has(d)) } : {}),
      ...(s.dataClasses.length ? { data_classes: s.dataClasses } : {}),
    })),
    regimes: [
      { id: "pci-dss", name: "PCI DSS", data_classes: ["cardholder"] },
      { id: "sox", name: "SOX", data_classes: ["financial"] },
      { id: "gdpr", name: "GDPR", data_classes: ["pii"] },
      { id: "soc2", name: "SOC 2", paths: [".github/workflows/", "terraform/", "k8s/"] },
    ],
    controls: {
      approvals: { "0": 2, "1": 2, "2": 1, "3": 1, default: 1 },
      codeowners_approval: true,
      required_checks: [...new Set(DEMO_REPOSITORIES.flatMap((r) => r.protection?.checks ?? []))].filter((c) => c === "ci/test"),
      ticket_pattern: "\\b[A-Z]{2,10}-\\d+\\b",
      admin_bypass_is_violation: true,
      gate: { band: "high" },
    },
  };
  return `# ${document.name}. Edit it here; every save is a new version.\n${stringify(document)}`;
}
