"""Search cost on a built site: Pagefind bundle size, and bytes a reader's browser fetches for one query.

    python benchmarks/search_size.py [SITE] [QUERY]     (default: site/ and "Wonsan"; build first)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from webserver import serve  # noqa: E402


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    query = sys.argv[2] if len(sys.argv) > 2 else "Wonsan"
    bundle = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    index = [p for p in bundle if p.suffix in (".pf_index", ".pf_fragment", ".pf_filter", ".pf_meta")]
    print(f"bundle: {len(bundle)} files, {sum(p.stat().st_size for p in bundle):,} bytes "
          f"(index and fragments: {sum(p.stat().st_size for p in index):,} bytes)")
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        fetched: list[tuple[str, int]] = []
        page.on("response", lambda r: fetched.append((r.url, len(r.body()))) if "/pagefind/" in r.url else None)
        page.goto(f"{base}suche/?q={query}")
        page.wait_for_selector(".pagefind-ui__result mark", timeout=15_000)
        page.wait_for_load_state("networkidle")
        browser.close()
    total = sum(size for _, size in fetched)
    print(f"one query ({query!r}) on the search page: {len(fetched)} requests, {total:,} bytes from pagefind/")
    for url, size in sorted(fetched, key=lambda f: -f[1]):
        print(f"  {size:>9,}  {url.rsplit('/', 1)[-1].split('?')[0]}")


if __name__ == "__main__":
    main()
