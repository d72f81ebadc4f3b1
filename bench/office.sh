#!/usr/bin/env bash
# Measures the publishing server (`congkhai desk`) on a large site: start
# (the desk answering, then the first publication done), a desk list page, one item's form,
# approve → page live in the public folder, and a restart with nothing
# changed (the public folder kept). Works on a copy of SITE.
#
#   bench/office.sh SITE [BINARY]     e.g. bench/office.sh /dev/shm/c10k
set -euo pipefail
site=$1 bin=${2:-target/release/congkhai}
work=$(mktemp -d /dev/shm/congkhai-office.XXXXXX)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$site" "$work/site"
echo "bench-writer-1" | "$bin" desk user add w --name W --role writer --root "$work/site" >/dev/null
echo "bench-approver-1" | "$bin" desk user add a --name A --role approver --root "$work/site" >/dev/null
start=$(date +%s.%N)
"$bin" desk --root "$work/site" --publish "$work/www" --port 0 > "$work/log" 2>&1 &
pid=$!
until grep -q "publishing desk of" "$work/log"; do sleep 0.05; done
ready=$(date +%s.%N)
until grep -q "^published \|^not published" "$work/log"; do sleep 0.05; done
published=$(date +%s.%N)
url=$(sed -n 's|^publishing desk of .* at \(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$work/log")
python3 - "$url" "$(echo "$ready - $start" | bc)" "$(echo "$published - $start" | bc)" <<'PY'
import http.cookiejar, json, statistics, sys, time, urllib.request
base, started, published = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
def client(login, password):
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    r = op.open(urllib.request.Request(base + "/__congkhai/api/login", json.dumps({"login": login, "password": password}).encode(), {"content-type": "application/json"}))
    return op, json.load(r)["csrf"]
def timed(op, url, n=5):
    times = []
    for _ in range(n):
        t = time.perf_counter(); op.open(base + url).read(); times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000
w, wt = client("w", "bench-writer-1")
a, at = client("a", "bench-approver-1")
print(f"start: desk answering {started:.2f} s, first publication done {published:.2f} s")
t = time.perf_counter(); w.open(base + "/__congkhai/desk/news/").read()
print(f"desk list page (news), first (every file read): {(time.perf_counter() - t) * 1000:.0f} ms")
print(f"desk list page (news), again: {timed(w, '/__congkhai/desk/news/'):.0f} ms median of 5")
import re
html = w.open(base + "/__congkhai/desk/news/").read().decode()
item = re.search(r'href="(/__congkhai/desk/news/[^"?]+)"', html.split("<tbody>")[1]).group(1)
print(f"one item's form: {timed(w, item):.0f} ms median of 5")
post = lambda op, tok, url, body: json.load(op.open(urllib.request.Request(base + url, json.dumps(body).encode(), {"content-type": "application/json", "x-congkhai-token": tok})))
r = post(w, wt, "/__congkhai/api/items/news", {"fields": {"title": "Tin đo tốc độ duyệt", "date": "2026-11-20", "category": "hoat-dong"}, "body": "Nội dung."})
post(w, wt, f"/__congkhai/api/items/news/{r['id']}/submit", {})
t = time.perf_counter()
r = post(a, at, f"/__congkhai/api/items/news/{r['id']}/approve", {})
print(f"approve → page live: {(time.perf_counter() - t) * 1000:.0f} ms ({r['state']}, {r['url']})")
last = json.load(a.open(base + "/__congkhai/api/publication"))["last"]
print(f"  the publication: {last['summary']}, {last['millis']} ms")
PY
echo "server's peak memory: $(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' /proc/$pid/status)"
# A restart with nothing changed since the last publication: the public
# folder is current and is kept (the stamp in .congkhai/published.json).
kill $pid; wait $pid 2>/dev/null || true
cat "$work/log" >> "$work/log.first"; : > "$work/log"
start=$(date +%s.%N)
"$bin" desk --root "$work/site" --publish "$work/www" --port 0 > "$work/log" 2>&1 &
pid=$!
until grep -q "publishing desk of" "$work/log"; do sleep 0.05; done
answering=$(echo "$(date +%s.%N) - $start" | bc | sed 's/^\./0./')
until grep -q "^published \|^not published" "$work/log"; do sleep 0.05; done
echo "restart, desk answering after $answering s"
echo "restart, nothing changed: $(echo "$(date +%s.%N) - $start" | bc | sed 's/^\./0./') s ($(grep -o 'published .* in [0-9]* ms' "$work/log"))"
# With CONGKHAI_TIMINGS=1 set, the server's stage timings.
[ -z "${CONGKHAI_TIMINGS:-}" ] || grep -h '^timing' "$work/log.first" "$work/log"
