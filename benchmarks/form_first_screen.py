"""What a phone downloads before the form's first question shows: HTML, CSS, JavaScript and the JSON the page
asks for (its settings, its texts), measured in Debian's chromium at 390 × 844 px against the local stack.

Run by benchmarks/run.py in its own process: prints a JSON line of figures last. Sizes are of the bodies as
served (the local adapter does not compress) and gzipped, as CloudFront compresses them for a phone.
"""

import gzip
import json
import sys
from collections import Counter

from playwright.sync_api import Response, ViewportSize, sync_playwright

from local.stack import LocalStack, quiet_stack

CHROMIUM = "/usr/bin/chromium"
PHONE: ViewportSize = {"width": 390, "height": 844}
FIRST_QUESTION = "#reporter-type"
COUNTED_TYPES = {"document": "html", "stylesheet": "css", "script": "js", "fetch": "json", "xhr": "json"}


def measure(stack: LocalStack) -> dict[str, float]:
    sizes: Counter = Counter()
    compressed: Counter = Counter()
    files: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="sv-SE")
        responses: list[Response] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(stack.base_url + "/", wait_until="domcontentloaded")
        page.locator(FIRST_QUESTION).wait_for(state="visible")
        page.wait_for_load_state("networkidle")
        box = page.locator(FIRST_QUESTION).bounding_box()
        first_question_top = box["y"] if box else float("nan")
        for response in responses:
            # A JSON file the page preloads (its catalogue, locales/sv.json) comes as "other": JSON still.
            json_file = response.url.split("?")[0].endswith(".json")
            kind = "json" if json_file else COUNTED_TYPES.get(response.request.resource_type)
            if kind is None or "/api/" in response.url or response.status >= 400:
                continue
            body = response.body()
            sizes[kind] += len(body)
            compressed[kind] += len(gzip.compress(body, compresslevel=6))
            files.append(f"{response.url.removeprefix(stack.base_url)} {len(body)}")
        browser.close()
    print("  " + "\n  ".join(sorted(files)), file=sys.stderr)
    figures: dict[str, float] = {
        "form.first_screen_bytes": sum(sizes.values()),
        "form.first_screen_bytes_gzip": sum(compressed.values()),
        "form.first_question_top_px": round(first_question_top),
    }
    figures.update({f"form.first_screen_{kind}_bytes": size for kind, size in sorted(sizes.items())})
    return figures


def main() -> None:
    with quiet_stack("demo") as stack:
        figures = measure(stack)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
