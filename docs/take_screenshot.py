"""Take docs/screenshot.png (the README's picture) from a running demo: `./scripts/demo` in another terminal,
then `.venv/bin/python docs/take_screenshot.py [http://127.0.0.1:8000]`. Uses Debian's Chromium (no download).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUTPUT = Path(__file__).parent / "screenshot.png"
EMAIL, PASSWORD, UAI = "principal.college@demo.fr", "demo-imp-2026", "0752536Z"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[*ARGS, "--disable-sync"])
    page = browser.new_page(viewport={"width": 1280, "height": 1400}, locale="fr-FR")
    page.goto(f"{BASE_URL}/connexion/")
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    page.goto(f"{BASE_URL}/etablissements/{UAI}/imp/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUTPUT))
    browser.close()
print(f"{OUTPUT} écrit")
