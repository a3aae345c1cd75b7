#!/usr/bin/env bash
# Memory over a long open-model run (issue #6): Barrage (Release) hits nginx's /small at RATE requests/s for
# DURATION; every INTERVAL seconds it samples the process' RSS (/proc) and managed heap (Barrage's own
# --prometheus endpoint, dotnet_total_memory_bytes). Passes when the last sample of each is within 20 % of
# the highest sample of the first minute. Prints a table; the samples and the verdict go to bench/results/.
# Besides, each sample notes the GC's committed bytes, threads, requests in flight and dropped arrivals, which
# tell a leak (steady growth) from a burst (a stall of the target or the machine: in flight up to
# --max-in-flight, arrivals dropped, memory stepping up once and staying at the new level).
# Usage: bench/memory.sh            (defaults: RATE=5000 DURATION=10m INTERVAL=10 PORT=18391 PROM_PORT=19471)
#        DURATION=90s bench/memory.sh   (a quick check)
#        STALL_AT=120 bench/memory.sh   (stops nginx for 3 s at 120 s: a burst on purpose)
set -euo pipefail
cd "$(dirname "$0")/.."
STALL_AT=${STALL_AT:-} RATE=${RATE:-5000} DURATION=${DURATION:-10m} INTERVAL=${INTERVAL:-10} PORT=${PORT:-18391} PROM_PORT=${PROM_PORT:-19471}
work=$(mktemp -d /tmp/barrage-memory.XXXXXX)
stamp=$(date -u +%Y%m%d-%H%M%S)
mkdir -p bench/results
csv="bench/results/memory-$stamp.csv"
summary="bench/results/memory-$stamp.md"

cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  bench/nginx.sh stop "$work/nginx"
}
trap cleanup EXIT

dotnet publish src/Barrage.Cli -c Release -o "$work/pub" -v q -nologo >/dev/null
bench/nginx.sh start "$work/nginx" "$PORT"
dotnet "$work/pub/barrage.dll" hit "http://127.0.0.1:$PORT/small" --rate "$RATE" -d "$DURATION" \
  --prometheus "127.0.0.1:$PROM_PORT" --store "$work/runs.db" -o "$work/run" >"$work/barrage.log" 2>&1 &
pid=$!
echo "seconds,rss_bytes,managed_heap_bytes,gc_committed_bytes,threads,in_flight,dropped" >"$csv"
start=$(date +%s)
sleep 1
while kill -0 "$pid" 2>/dev/null; do
  now=$(( $(date +%s) - start ))
  if [ -n "$STALL_AT" ] && [ "$now" -ge "$STALL_AT" ]; then
    worker=$(pgrep -P "$(cat "$work/nginx/nginx.pid")" | head -1)
    kill -STOP "$worker"; sleep 3; kill -CONT "$worker"
    STALL_AT=
  fi
  rss=$(awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$pid/status" 2>/dev/null || true)
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  sample=$(curl -fs "http://127.0.0.1:$PROM_PORT/metrics" 2>/dev/null | awk '
    /^dotnet_total_memory_bytes / {h=$2} /^barrage_gc_committed_bytes / {c=$2}
    /^barrage_in_flight / {f=$2} /^barrage_dropped_total / {d=$2}
    END {if (h != "") printf "%d,%d,%d,%d", h, c, f, d}' || true)
  if [ -n "$rss" ] && [ -n "$sample" ]; then
    IFS=, read -r heap committed inflight dropped <<<"$sample"
    echo "$now,$rss,$heap,$committed,$threads,$inflight,$dropped" >>"$csv"
  fi
  sleep "$INTERVAL"
done
wait "$pid" && code=0 || code=$?
pid=

python3 - "$csv" "$summary" "$RATE" "$DURATION" "$code" "$work/run/summary.json" <<'PY'
import csv, json, sys, os
path, out, rate, duration, code, summary = sys.argv[1:]
rows = [(int(r["seconds"]), int(r["rss_bytes"]), int(r["managed_heap_bytes"]), int(r["gc_committed_bytes"]), int(r["threads"]),
         int(r["in_flight"]), int(r["dropped"])) for r in csv.DictReader(open(path))]
first = [r for r in rows if r[0] <= 60] or rows[:1]
mb = lambda b: f"{b / 2**20:.1f}"
lines = [f"# Memory over a {duration} open-model run at {rate} rps (nginx /small)", "",
         f"load average at the end: {os.getloadavg()[0]:.2f} (the machine is shared: CPU figures vary, memory much less)", ""]
if os.path.exists(summary):
    s = json.load(open(summary))
    lines += [f"requests {s.get('requests')}, rps {s.get('rps', 0):.0f}, dropped {s.get('dropped', 0)}, exit code {code}", ""]
verdict = True
lines += ["| measure | first minute's peak (MB) | end (MB) | end / peak | verdict |", "|---|---|---|---|---|"]
for name, i in (("RSS", 1), ("managed heap", 2)):
    peak = max(r[i] for r in first)
    end = rows[-1][i]
    ok = end <= peak * 1.2
    verdict &= ok
    lines.append(f"| {name} | {mb(peak)} | {mb(end)} | {end / peak:.2f} | {'PASS' if ok else 'FAIL'} |")
def slope(i):
    # Least-squares growth after the first minute, MB per minute: a leak shows as a steady slope, a burst as a step.
    after = [r for r in rows if r[0] > 60]
    if len(after) < 3:
        return float("nan")
    mx = sum(r[0] for r in after) / len(after)
    my = sum(r[i] for r in after) / len(after)
    return sum((r[0] - mx) * (r[i] - my) for r in after) / sum((r[0] - mx) ** 2 for r in after) * 60 / 2**20
lines += ["", f"growth after the first minute (least squares): RSS {slope(1):+.2f} MB/min, managed heap {slope(2):+.2f} MB/min; "
          f"arrivals dropped {rows[-1][6]}, most in flight seen {max(r[5] for r in rows)}"]
lines += ["", "| s | RSS (MB) | managed heap (MB) | GC committed (MB) | threads | in flight | dropped so far |", "|---|---|---|---|---|---|---|"]
lines += [f"| {t} | {mb(r)} | {mb(h)} | {mb(c)} | {n} | {f} | {d} |" for t, r, h, c, n, f, d in rows]
lines += ["", f"verdict: {'PASS' if verdict else 'FAIL'} (end within 20 % of the first minute's peak)"]
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(0 if verdict else 1)
PY
