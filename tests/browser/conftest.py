"""Playwright drives Debian's Chromium (Playwright cannot fetch a browser of its own
here); every page a browser test visits gets an axe-core check."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

# The machine running CI may be busy; wait longer than Playwright's 5 s
# before calling a page wrong.
expect.set_options(timeout=20_000)

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


@pytest.fixture
def demo(transactional_db, settings):
    """The demo Jobcenter of ``make run`` (small), with mails readable in the
    browser."""
    settings.NACHRICHTEN_IM_BROWSER = True
    call_command("seed_demo", personen=8, verbosity=0)


_axe = Axe()


def barrierefrei(page) -> None:
    """Fail on serious or critical axe-core violations of the current page,
    and on content outside the landmarks."""
    ergebnis = _axe.run(page)
    schwer = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in ergebnis.response["violations"]
        # "region" is only moderate, but content outside every landmark is
        # lost to anyone who moves through a page by its landmarks.
        if v["impact"] in ("serious", "critical") or v["id"] == "region"
    ]
    assert not schwer, f"{page.url}: " + "; ".join(schwer)
