"""Screenshot a page of the built site in headless Chromium (for looking, not testing).

usage: python tools/shoot.py PATH [--dark] [--out FILE] [--full]
"""
import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

parser = argparse.ArgumentParser()
parser.add_argument("path")
parser.add_argument("--dark", action="store_true")
parser.add_argument("--full", action="store_true")
parser.add_argument("--site", default=str(ROOT / "site"))
parser.add_argument("--out", default="/tmp/shot.png")
parser.add_argument("--selector")
args = parser.parse_args()

handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.site)
handler.log_message = lambda *a: None
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
    page = browser.new_page(viewport={"width": 1200, "height": 900},
                            color_scheme="dark" if args.dark else "light")
    page.goto(f"http://127.0.0.1:{server.server_port}/{args.path}")
    if args.selector:
        page.locator(args.selector).first.screenshot(path=args.out)
    else:
        page.screenshot(path=args.out, full_page=args.full)
    browser.close()
server.shutdown()
print(args.out)
