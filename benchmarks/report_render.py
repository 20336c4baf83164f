"""Size and speed of the check reports (report.html, report.md) for large business areas.

    python benchmarks/report_render.py [--sizes 1000,3000,10000] [--no-browser]

A synthetic check per size N: N requirements (the sample specs' texts, renumbered), one feature per
requirement cited by ID with ○ / △ / × in turn, plus N/10 extras and N/10 features in review with
three candidates each. The baseline, run first in the same process, is the sample 住民記録 spec (89
requirements); the table shows time per requirement row and its ratio to the baseline's, so flat
ratios mean rendering grows linearly. With Chromium at /usr/bin/chromium, also the time the page
takes to load, to lay out every section (all s: from then on a full-page screenshot shows the
whole page) and to filter and sort its full requirement table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck.files.result_json import result_to_dict  # noqa: E402
from gapcheck.files.spec_json import load_spec  # noqa: E402
from gapcheck.model import (  # noqa: E402
    Basis,
    Candidate,
    Feature,
    FeatureMatch,
    FeatureStatus,
    Inventory,
    InventoryKind,
    Match,
    MatchResult,
    Spec,
    Support,
)
from gapcheck.outputs import report_html, report_md  # noqa: E402
from gapcheck.outputs.report import Report  # noqa: E402
from gapcheck.rules.classify import classify  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
MARKS = (Support.FULL, Support.PARTIAL, Support.NONE)


def synthetic_report(n: int | None) -> Report:
    """The check described above; n=None: the sample spec as it is."""
    sample = load_spec(ROOT / "specs" / "juki-1.0.json")
    if n is None:
        requirements = sample.requirements
    else:
        pool = sample.requirements
        requirements = tuple(
            replace(pool[i % len(pool)], id=f"{1 + i // 9000:03d}{i % 9000 + 1:04d}") for i in range(n)
        )
    spec = Spec("住民記録", "第1.0版", requirements, sample=True)
    features, matches = [], []
    for i, requirement in enumerate(requirements):
        key = f"F{i:05d}"
        features.append(Feature(key, "機能一覧", i + 5, requirement.name, requirement.text, ("住民異動",),
                                (requirement.id,), MARKS[i % 3], "○△×"[i % 3]))
        matches.append(FeatureMatch(key, FeatureStatus.MATCHED, (Match(requirement.id, 1.0, Basis.ID),)))
    for i in range(len(requirements) // 10):
        extra, review = f"X{i:05d}", f"R{i:05d}"
        features.append(Feature(extra, "独自機能", i + 5, f"独自機能 {i}", "団体独自の処理", support=Support.FULL))
        matches.append(FeatureMatch(extra, FeatureStatus.UNMATCHED))
        features.append(Feature(review, "機能一覧", len(requirements) + i + 5, f"確認待ちの機能 {i}"))
        candidates = tuple(Candidate(requirements[(i * 7 + k) % len(requirements)].id, 0.6 - k / 10) for k in range(3))
        matches.append(FeatureMatch(review, FeatureStatus.REVIEW, candidates=candidates))
    inventory = Inventory("inventories/synthetic.xlsx", InventoryKind.CATALOG, tuple(features))
    result = classify(spec, inventory, MatchResult(tuple(matches)))
    document = result_to_dict(result, spec_path="specs/synthetic.json", generated_at=datetime(2025, 4, 1, tzinfo=timezone.utc))
    return Report(document)


def timed(render, report: Report, repeat: int) -> tuple[float, bytes]:
    """The fastest of `repeat` renderings, each of a fresh Report (its view built again)."""
    best, output = float("inf"), b""
    for _ in range(repeat):
        fresh = Report(report.document, report.lang)
        start = time.perf_counter()
        output = render(fresh)
        best = min(best, time.perf_counter() - start)
    return best, output


def browser_timings(html: bytes) -> tuple[float, float, float, float]:
    """(load, all laid out, filter, sort) in seconds for the page in headless Chromium: "all laid
    out" is when tables.js has laid out the sections far from the screen too (a full-page
    screenshot shows all of the page from then on)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "report.html"
        path.write_bytes(html)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load")
        load = time.perf_counter() - start
        page.locator("html[data-laid-out]").wait_for(state="attached", timeout=600_000)
        laid_out = time.perf_counter() - start
        # measured inside the page: the work the event handlers do, not Playwright's round trips
        filtering = page.evaluate("""() => {
            const input = document.querySelector('[data-table-controls="table-requirements"] input');
            const t0 = performance.now();
            input.value = '転入'; input.dispatchEvent(new Event('input'));
            return performance.now() - t0; }""") / 1000
        sorting = page.evaluate("""() => {
            const button = document.querySelector('#table-requirements thead th:nth-child(2) button');
            const t0 = performance.now(); button.click(); return performance.now() - t0; }""") / 1000
        browser.close()
    return load, laid_out, filtering, sorting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    browser = CHROMIUM.exists() and not args.no_browser
    header = f"{'requirements':>12} {'features':>9} {'html MB':>8} {'md MB':>7} {'html s':>7} {'md s':>6} {'µs/row':>7} {'ratio':>6}"
    if browser:
        header += f" {'load s':>7} {'all s':>6} {'filter ms':>9} {'sort ms':>8}"
    print(header)
    baseline = None
    for n in [None, *(int(s) for s in args.sizes.split(","))]:
        report = synthetic_report(n)
        rows = len(report.document["requirements"])
        html_s, html = timed(report_html.render, report, args.repeat)
        md_s, md = timed(report_md.render, report, args.repeat)
        per_row = (html_s + md_s) / rows * 1e6
        baseline = baseline or per_row
        line = (f"{rows:>12} {len(report.document['features']):>9} {len(html) / 1e6:>8.2f} {len(md) / 1e6:>7.2f} "
                f"{html_s:>7.2f} {md_s:>6.2f} {per_row:>7.0f} {per_row / baseline:>6.2f}")
        if browser:
            load, laid_out, filtering, sorting = browser_timings(html)
            line += f" {load:>7.2f} {laid_out:>6.2f} {filtering * 1000:>9.0f} {sorting * 1000:>8.0f}"
        print(line + ("   (baseline: sample spec)" if n is None else ""), flush=True)


if __name__ == "__main__":
    main()
