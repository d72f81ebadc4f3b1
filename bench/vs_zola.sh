#!/usr/bin/env bash
# congkhai against Zola on the same posts, side by side and interleaved:
# each round builds the congkhai site, then the Zola site, then copies
# congkhai's own output (the copy floor: what writing those bytes costs),
# into OUT_DIR (tmpfs or disk). Prints medians of wall time and peak
# memory, the output's bytes and files, and the ratios the speed issue
# asks for.
#
#   bench/vs_zola.sh ROUNDS CONGKHAI_SITE ZOLA_SITE OUT_DIR [CONGKHAI] [ZOLA]
#   e.g. python3 ../shared/bench/gen_corpus.py --out /dev/shm/c10k --news 10000 --zola /dev/shm/z10k
#        bench/vs_zola.sh 5 /dev/shm/c10k /dev/shm/z10k /dev/shm target/release/congkhai /work/zola/target/release/zola
#        bench/vs_zola.sh 5 /dev/shm/c10k /dev/shm/z10k /var/tmp      # on disk
#
# The timed commands are `rm -rf OUT && congkhai build --output OUT` and
# `zola build -o OUT --force`. Needs /usr/bin/time.
set -euo pipefail
rounds=$1 site=$2 zsite=$3 dir=$4
bin=${5:-target/release/congkhai} zola=${6:-zola}
bin=$(realpath "$bin")
out=$(mktemp -d "$dir/congkhai-vs-zola.XXXXXX")
results=$(mktemp)
trap 'rm -rf "$out" "$results"' EXIT
timed() { # LABEL COMMAND...
  local label=$1; shift
  /usr/bin/time -a -o "$results" -f "$label %e %M" "$@" >/dev/null 2>&1
}
for _ in $(seq "$rounds"); do
  rm -rf "$out/c"
  timed congkhai "$bin" build --root "$site" --output "$out/c" --quiet
  sync
  (cd "$zsite" && timed zola "$zola" build -o "$out/z" --force)
  sync
  rm -rf "$out/copy"
  timed copy cp -r "$out/c" "$out/copy"
  sync
done
count() { echo "$(du -sb "$1" | cut -f1) bytes, $(find "$1" -type f | wc -l) files"; }
echo "output: congkhai $(count "$out/c"); Zola $(count "$out/z")"
python3 - "$results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 3 and parts[0] in ("congkhai", "zola", "copy"):
        runs.setdefault(parts[0], []).append((float(parts[1]), int(parts[2]) / 1024))
med = {k: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v)) for k, v in runs.items()}
for k in ("congkhai", "zola", "copy"):
    t, m = med[k]
    print(f"{k}: wall {t:.2f} s, peak {m:.0f} MiB ({len(runs[k])} runs)")
c, z, cp = med["congkhai"], med["zola"], med["copy"]
print(f"ratios: wall congkhai/Zola {c[0] / z[0]:.2f}, congkhai/copy floor {c[0] / cp[0]:.2f}, peak memory congkhai/Zola {c[1] / z[1]:.2f}")
PY
