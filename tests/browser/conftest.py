"""Playwright drives Debian's Chromium (Playwright cannot fetch a browser of its own
here); every page a browser test visits gets an axe-core check."""

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "viewport": {"width": 1280, "height": 900}}


_axe = Axe()


def barrierefrei(page) -> None:
    """Fail on serious or critical axe-core violations of the current page."""
    ergebnis = _axe.run(page)
    schwer = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in ergebnis.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not schwer, f"{page.url}: " + "; ".join(schwer)
