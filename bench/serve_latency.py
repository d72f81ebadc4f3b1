#!/usr/bin/env python3
"""Measures `congkhai serve`: time from saving an edited post to the open
page being told to reload (the server-sent event), and to the new text being
served, on a site given with --root (e.g. a gen_corpus.py 10,000-post site).

    bench/serve_latency.py --root /dev/shm/site [--edits 10] [--bin PATH]

Prints how long the start took (listening, the home page served, the first
build done), then each edit and the medians. Uses the release binary (built first), or
the binary given with --bin (to compare two versions side by side).
"""
import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sse_events(port):
    """Yields (arrival time, data) of `state` events from the preview."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET /__congkhai/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    buf = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return
        buf += chunk
        while b"\n\n" in buf:
            block, buf = buf.split(b"\n\n", 1)
            for line in block.split(b"\n"):
                if line.startswith(b"data: "):
                    yield time.perf_counter(), json.loads(line[6:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--bin", help="the congkhai binary to measure")
    a = ap.parse_args()
    if not a.bin:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = a.bin or str(ROOT / "target/release/congkhai")
    original = None
    started = time.perf_counter()
    proc = subprocess.Popen([binary, "serve", "--root", a.root, "--port", "0", "--today", "2026-11-22"],
                            stdout=subprocess.PIPE, text=True)
    try:
        port, built = None, None
        for line in proc.stdout:
            print(line.rstrip())
            if line.startswith("built"):  # versions that built before listening
                built = time.perf_counter()
            if "serving" in line:
                port = int(line.split("127.0.0.1:")[1].split("/")[0])
                break
        announced = time.perf_counter()
        post = sorted((Path(a.root) / "content/news").glob("*.md"))[0]
        url = f"http://127.0.0.1:{port}/tin-tuc/{post.stem}/"
        path = f"/tin-tuc/{post.stem}/"
        # Start-up: the home page (the server waits for a page its first
        # build has not written yet), a post, then the whole first build.
        urllib.request.urlopen(f"http://127.0.0.1:{port}/").read()
        home = time.perf_counter()
        urllib.request.urlopen(url).read()
        first_post = time.perf_counter()
        for line in proc.stdout if built is None else []:
            print(line.rstrip())
            if line.startswith("built"):
                break
        built = built or time.perf_counter()
        print(f"start: listening after {announced - started:.2f} s, home page served after {home - started:.2f} s, "
              f"a post after {first_post - started:.2f} s, first build done after {built - started:.2f} s")
        events = sse_events(port)
        _, state = next(events)  # the current state
        version = state["version"]
        to_event, to_text, to_settled = [], [], []
        # Each edit writes the original with a new marker: the title stays
        # one marker longer (titles over 250 characters are refused).
        original = post.read_text(encoding="utf-8")
        for n in range(a.edits):
            marker = f"Sửa lần {n} {time.time()}"
            saved = time.perf_counter()
            post.write_text(original.replace('title: "', f'title: "{marker} ', 1), encoding="utf-8")
            # The event that reloads the open page: a newer version whose
            # pages include it (or every page).
            while True:
                arrived, state = next(events)
                if state.get("error") or state["version"] <= version:
                    continue
                if state.get("pages") is None or path in state["pages"]:
                    break
            version = state["version"]
            html = urllib.request.urlopen(url).read().decode()
            done = time.perf_counter()
            assert marker in html, "new text not served after the reload event"
            # Then the rest of the rebuild: lists, feeds, sitemaps, search index.
            settled = arrived
            while not state.get("settled"):
                settled, state = next(events)
            version = state["version"]
            to_event.append((arrived - saved) * 1000)
            to_text.append((done - saved) * 1000)
            to_settled.append((settled - saved) * 1000)
            print(f"edit {n}: reload event after {to_event[-1]:.0f} ms, new page fetched after {to_text[-1]:.0f} ms, "
                  f"everything written after {to_settled[-1]:.0f} ms")
            time.sleep(1.0)
        print(f"median: reload event {statistics.median(to_event):.0f} ms, page with new text "
              f"{statistics.median(to_text):.0f} ms, everything written {statistics.median(to_settled):.0f} ms")
    finally:
        proc.terminate()
        proc.wait(timeout=120)  # it removes its preview folder before it exits
        if original is not None:
            post.write_text(original, encoding="utf-8")  # the site as it was


if __name__ == "__main__":
    sys.exit(main())
