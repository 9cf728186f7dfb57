"""axe-core in the browser tests: the file installed by npm (tests/e2e/package.json) and a runner."""

from pathlib import Path

import pytest

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"

needs_axe = pytest.mark.skipif(
    not AXE.exists(),
    reason=f"{AXE} absent : npm install --prefix tests/e2e (fait par scripts/test quand npm est joignable)",
)

RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " — " + n.failureSummary.split("\\n").slice(0, 2).join(" ")),
  }));
}"""


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the Content-Security-Policy does not
        # govern: an added <script> tag would be inline script, which the policy refuses.
        page.evaluate(AXE.read_text() + "\n;undefined")
    return page.evaluate(RUN)
