#!/usr/bin/env bash
# Compares congkhai binaries side by side: each round builds SITE once with
# every binary in turn (interleaved, so load on a shared machine hits them
# alike), then prints medians of wall time, CPU time and peak memory.
#
#   bench/ab.sh ROUNDS SITE BINARY...
#   e.g. bench/ab.sh 5 /dev/shm/c10k /tmp/congkhai-before target/release/congkhai
#
# Output goes to a tmpfs folder (CPU work); needs /usr/bin/time.
set -euo pipefail
rounds=$1 site=$2
shift 2
out=$(mktemp -d /dev/shm/congkhai-ab.XXXXXX)
results=$(mktemp)
trap 'rm -rf "$out" "$results"' EXIT
for _ in $(seq "$rounds"); do
  for i in $(seq "$#"); do
    bin=${!i}
    rm -rf "$out/public"
    /usr/bin/time -a -o "$results" -f "$i %e %U %S %M" \
      "$bin" build --root "$site" --output "$out/public" --today 2026-11-22 --quiet
  done
done
python3 - "$results" "$@" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    i, wall, user, sys_, rss = line.split()
    runs[int(i)].append((float(wall), float(user) + float(sys_), int(rss) / 1024))
for i, binary in enumerate(sys.argv[2:], 1):
    r = runs[i]
    med = [statistics.median(x[k] for x in r) for k in range(3)]
    print(f"{binary}: wall {med[0]:.2f} s, CPU {med[1]:.2f} s, peak {med[2]:.0f} MB ({len(r)} runs)")
PY
