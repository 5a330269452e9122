"""The check every browser journey makes on every page it reaches: axe-core finds no serious or critical
violation, and the browser refused nothing under the Content Security Policy (no inline script or style)."""

import os
from pathlib import Path

BLOCKING_IMPACTS = {"serious", "critical"}


def assert_no_serious_violations(page, axe, visited: list[str], *, csp: bool = True) -> None:
    """Check the page as it is now and add its URL to `visited`, the journey's list of checked pages.

    `csp=False` leaves out the Content Security Policy check, for pages known to break it; say why where it is used.

    With BROWSER_SCREENSHOTS set to a folder, each checked page is also saved there as
    `<test name>-<position in the journey>.png`, to look at the journey as the screen showed it.
    """
    visited.append(page.url)
    if screenshots := os.environ.get("BROWSER_SCREENSHOTS"):
        # PYTEST_CURRENT_TEST is "tests/browser/test_x.py::test_name (call)".
        test_name = os.environ["PYTEST_CURRENT_TEST"].split("::")[-1].split(" ")[0]
        Path(screenshots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(screenshots) / f"{test_name}-{len(visited):02d}.png", full_page=True)
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(f"{', '.join(map(str, node['target']))}: {node['html'][:160]}" for node in v["nodes"])
        for v in blocking
    )
    if not csp:
        return
    # The pages of tests/browser/conftest.py record the console's errors from the moment they open.
    refused = [error for error in page.console_errors if "Content Security Policy" in error]
    assert not refused, f"the Content Security Policy refused something on {page.url}:\n" + "\n".join(refused)
