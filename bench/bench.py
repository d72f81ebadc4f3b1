#!/usr/bin/env python3
"""Benchmarks congkhai against the file-system floor and, where installed,
Hugo and Zola, on the same generated corpus. Runs are interleaved (one of
each tool per round) and medians reported, so load on a shared machine hits
every tool alike.

    bench/bench.py [--rounds 5] [--news 10000] [--portal] [--scaling]
                   [--where tmpfs|disk|both] [--keep]

Corpora come from ../shared/bench/gen_corpus.py (or --gen PATH). Each
round also times congkhai building again over its own output ("rebuild":
unchanged files are kept, not rewritten). Outputs go
to /dev/shm (tmpfs: CPU work) and/or bench/out (disk: what users see).
Needs /usr/bin/time (Debian package `time`) for CPU and peak memory.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
TODAY = "2026-11-22"


def run_timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time; returns (wall s, cpu s, peak MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        full = ["/usr/bin/time", "-o", t.name, "-f", "%e %U %S %M"] + cmd
        res = subprocess.run(full, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if res.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{res.stderr[-2000:]}")
        wall, user, sys_, rss = t.read().split()[-4:]
        return float(wall), float(user) + float(sys_), int(rss) / 1024


def generate(gen, out, extra):
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([sys.executable, str(gen), "--out", str(out)] + extra, check=True, stdout=subprocess.DEVNULL)


def tools(corpus, hugo_site, zola_site):
    """(name, command(out)) for each available tool."""
    binary = ROOT / "target" / "release" / "congkhai"
    found = [("congkhai", lambda out: [str(binary), "build", "--root", str(corpus), "--output", str(out), "--today", TODAY, "--quiet"])]
    if hugo_site and shutil.which("hugo"):
        found.append(("hugo", lambda out: ["hugo", "--quiet", "-s", str(hugo_site), "-d", str(out)]))
    if zola_site and shutil.which("zola"):
        found.append(("zola", lambda out: ["zola", "--root", str(zola_site), "build", "--output-dir", str(out), "--force"]))
    return found


def bench(label, corpus, hugo_site, zola_site, base, rounds):
    """Interleaved rounds of every tool plus the copy floor; prints a table."""
    results = {}
    names = []
    for r in range(rounds):
        for name, command in tools(corpus, hugo_site, zola_site):
            out = base / f"out-{name}"
            if out.exists():
                shutil.rmtree(out)
            results.setdefault(name, []).append(run_timed(command(out)))
            if name not in names:
                names.append(name)
            if name == "congkhai":
                # The same build again over its own output: unchanged files
                # are linked, not rewritten (what a scheduled rebuild costs).
                results.setdefault("congkhai rebuild", []).append(run_timed(command(out)))
                if "congkhai rebuild" not in names:
                    names.append("congkhai rebuild")
        # The floor: copying congkhai's own output, file by file.
        src = base / "out-congkhai"
        dst = base / "out-floor"
        if dst.exists():
            shutil.rmtree(dst)
        results.setdefault("cp -r floor", []).append(run_timed(["cp", "-r", str(src), str(dst)]))
    names.append("cp -r floor")
    size = subprocess.run(["du", "-sm", str(base / "out-congkhai")], capture_output=True, text=True).stdout.split()[0]
    files = sum(len(f) for _, _, f in os.walk(base / "out-congkhai"))
    print(f"\n## {label} ({base}), {rounds} interleaved rounds, medians; congkhai output {size} MB in {files} files")
    print("| tool | wall s | CPU s | peak MB | wall ÷ congkhai |")
    print("|---|---|---|---|---|")
    med = {n: tuple(statistics.median(x[i] for x in results[n]) for i in range(3)) for n in names}
    for n in names:
        w, c, m = med[n]
        print(f"| {n} | {w:.2f} | {c:.2f} | {m:.0f} | {w / med['congkhai'][0]:.2f} |")
    ck = med["congkhai"][0]
    print(f"congkhai ÷ floor: {ck / med['cp -r floor'][0]:.2f}", end="")
    for other in ("zola", "hugo"):
        if other in med:
            print(f"; congkhai ÷ {other}: {ck / med[other][0]:.2f}", end="")
    print()
    return med


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--news", type=int, default=10000)
    ap.add_argument("--portal", action="store_true", help="also the full-portal corpus")
    ap.add_argument("--scaling", action="store_true", help="also 1k and 50k posts")
    ap.add_argument("--where", choices=["tmpfs", "disk", "both"], default="tmpfs")
    ap.add_argument("--gen", default=str(DEFAULT_GEN))
    ap.add_argument("--keep", action="store_true", help="keep corpora and outputs")
    a = ap.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("needs /usr/bin/time: apt-get install time")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    bases = {"tmpfs": [Path("/dev/shm/congkhai-bench")], "disk": [ROOT / "bench" / "out"],
             "both": [Path("/dev/shm/congkhai-bench"), ROOT / "bench" / "out"]}[a.where]
    corpora = Path(tempfile.mkdtemp(prefix="congkhai-corpora-", dir="/dev/shm"))
    try:
        sizes = [a.news] + ([1000, 50000] if a.scaling else [])
        for n in sizes:
            c = corpora / f"news-{n}"
            generate(a.gen, c / "site", ["--news", str(n), "--procedures", "0", "--feedback", "0", "--plans", "0",
                                         "--documents", "0", "--hugo", str(c / "hugo"), "--zola", str(c / "zola")])
            for base in bases:
                base.mkdir(parents=True, exist_ok=True)
                bench(f"{n} posts", c / "site", c / "hugo", c / "zola", base, a.rounds)
        if a.portal:
            c = corpora / "portal"
            generate(a.gen, c / "site", ["--news", "10000", "--procedures", "2000", "--feedback", "2000",
                                         "--plans", "200", "--documents", "600"])
            for base in bases:
                bench("full portal (10,000 posts, 2,000 procedures, 2,000 feedback, 200 plans, 600 documents)",
                      c / "site", None, None, base, a.rounds)
    finally:
        if not a.keep:
            shutil.rmtree(corpora, ignore_errors=True)
            for base in bases:
                shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
