#!/usr/bin/env bash
# The growth curve the speed issue asks for: build wall time and peak
# memory of congkhai and Zola on the same posts at several sizes, side by
# side (bench/vs_zola.sh at each size), with the time and memory per post.
# Corpora are made once under DIR by ../shared/bench/gen_corpus.py.
#
#   bench/growth.sh ROUNDS DIR CONGKHAI ZOLA [SIZES...]
#   e.g. bench/growth.sh 3 /dev/shm target/release/congkhai /work/zola/target/release/zola 1000 10000 50000 100000
set -euo pipefail
rounds=$1 dir=$2 bin=$3 zola=$4
shift 4
sizes=${*:-1000 10000 50000 100000}
here=$(cd "$(dirname "$0")" && pwd)
gen="$here/../../shared/bench/gen_corpus.py"
printf '%8s %10s %10s %8s %12s %12s %10s %10s %8s\n' posts congkhai_s zola_s ratio "ck_us/post" "zola_us/post" ck_MiB zola_MiB mem
for n in $sizes; do
  c="$dir/growth-c$n" z="$dir/growth-z$n"
  [ -d "$c" ] || python3 "$gen" --out "$c" --news "$n" --zola "$z" >/dev/null
  out=$("$here/vs_zola.sh" "$rounds" "$c" "$z" "$dir" "$bin" "$zola")
  python3 - "$n" <<PY
import re, sys
n = int(sys.argv[1])
text = """$out"""
get = lambda who: re.search(who + r": wall ([0-9.]+) s, peak ([0-9]+) MiB", text).groups()
(ct, cm), (zt, zm) = get("congkhai"), get("zola")
ct, cm, zt, zm = float(ct), int(cm), float(zt), int(zm)
print(f"{n:8d} {ct:10.2f} {zt:10.2f} {ct / zt:8.2f} {ct / n * 1e6:12.0f} {zt / n * 1e6:12.0f} {cm:10d} {zm:10d} {cm / zm:8.2f}")
PY
done
