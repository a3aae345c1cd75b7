#!/usr/bin/env python3
"""barrage hit --http2 vs h2load (nghttp2) on loopback against nginx's h2c listener (or the built-in target's):
requests/s and requests per generator CPU-second, interleaved and repeated; medians. A benchmark, not a test.

Usage: bench/compare_h2load.py [--reps 3] [--duration 10] [--streams 64] [--server nginx|target] [--port 18082]

Both generators keep --streams requests in flight over HTTP/2 without TLS: h2load as one client with that many
concurrent streams (`h2load -c1 -m N -D s`), Barrage as N users sharing its handler's connections (one, as long as
the server allows N streams per connection: nginx 128, the target 1000). h2load prints no percentiles, so its
latency column is the mean; Barrage's is the median (its summary's service p50).
"""
import argparse, datetime, os, re, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_wrk import ROOT, publish, run_barrage, sh, timed_cpu  # noqa: E402  (same figures, same way of taking them)

PATHS = ("/small", "/16k")


def run_h2load(url, streams, dur):
    out, cpu, rss = timed_cpu(["h2load", "-c1", f"-m{streams}", f"-D{dur}", url])
    done = int(re.search(r"requests: \d+ total, \d+ started, (\d+) done", out).group(1))
    secs = float(re.search(r"finished in ([\d.]+)s", out).group(1))
    failed = re.search(r"(\d+) failed, (\d+) errored", out)
    mean = re.search(r"time for request:\s+\S+\s+\S+\s+(\S+)", out).group(1)
    unit = 1000 if mean.endswith("ms") else 1 if mean.endswith("us") else 1_000_000
    return dict(requests=done, rps=done / secs, cpu=cpu, rss=rss, latency=float(re.sub(r"[a-z]+$", "", mean)) * unit,
                errors=int(failed.group(1)) + int(failed.group(2)))


def start_target(dll, port, work):
    """The built-in target as a process of its own (its CPU is not the generator's); /16k is /bytes/16384."""
    log = open(os.path.join(work, "target.log"), "w")
    proc = subprocess.Popen(["dotnet", dll, "target", "--listen", f"127.0.0.1:{port + 1}", "--h2-listen", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port + 1}/", timeout=1)
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("the built-in target did not start")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--streams", type=int, default=64, help="requests in flight: h2load -m, Barrage -c")
    ap.add_argument("--server", choices=("nginx", "target"), default="nginx")
    ap.add_argument("--port", type=int, default=18082, help="the server's h2c port on 127.0.0.1")
    args = ap.parse_args()
    missing = [b for b in ("h2load", "nginx" if args.server == "nginx" else "dotnet") if not shutil.which(b)]
    if missing:
        sys.exit(f"install {' '.join(missing)} first (h2load is in the nghttp2-client package)")
    work = tempfile.mkdtemp(prefix="barrage-bench-h2-")
    os.chmod(work, 0o755)  # nginx workers (www-data) read the static file below it
    print("building Barrage (Release)...", flush=True)
    dll = publish(os.path.join(work, "bin"))
    target = None
    if args.server == "nginx":
        sh([os.path.join(ROOT, "bench/nginx.sh"), "start", os.path.join(work, "nginx"), str(args.port + 1), str(args.port)])
        urls = {p: f"http://127.0.0.1:{args.port}{p}" for p in PATHS}
    else:
        target = start_target(dll, args.port, work)
        urls = {"/small": f"http://127.0.0.1:{args.port}/", "/16k": f"http://127.0.0.1:{args.port}/bytes/16384"}
    results = {}
    try:
        for rep in range(args.reps):
            for path in PATHS:
                for tool in ("h2load", "barrage"):  # interleaved: each pair runs back to back
                    if tool == "h2load":
                        r = run_h2load(urls[path], args.streams, args.duration)
                    else:
                        r = run_barrage(dll, urls[path], args.streams, args.duration, work, False, extra=["--http2"])
                        r["latency"] = r["p50"]
                    r["per_cpu"] = r["requests"] / r["cpu"] if r["cpu"] > 0 else float("nan")
                    results.setdefault((path, tool), []).append(r)
                    print(f"rep {rep + 1} {path:6} {tool:8} {r['rps']:>10,.0f} rps {r['per_cpu']:>10,.0f} req/cpu-s "
                          f"rss {r['rss']:6.1f} MiB latency {r['latency']:>8,.0f} us errors {r['errors']}", flush=True)
    finally:
        if target:
            target.terminate()
            target.wait()
        else:
            sh([os.path.join(ROOT, "bench/nginx.sh"), "stop", os.path.join(work, "nginx")])

    med = lambda path, tool, k: statistics.median(r[k] for r in results[(path, tool)])
    lines = [f"# barrage hit --http2 vs h2load, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
             f"{os.cpu_count()} cores, {args.server} on loopback (h2c), {args.streams} streams in flight, "
             f"{args.duration}s runs, {args.reps} interleaved repetitions; medians. Latency: h2load's mean, Barrage's p50.", "",
             "| url | tool | req/s | req per CPU-s | peak RSS MiB | latency µs |", "|---|---|---|---|---|---|"]
    for path in PATHS:
        for tool in ("h2load", "barrage"):
            lines.append(f"| {path} | {tool} | {med(path, tool, 'rps'):,.0f} | {med(path, tool, 'per_cpu'):,.0f} | "
                         f"{med(path, tool, 'rss'):.1f} | {med(path, tool, 'latency'):,.0f} |")
    lines += ["", "| url | Barrage/h2load req/s | Barrage/h2load req per CPU-s |", "|---|---|---|"]
    for path in PATHS:
        lines.append(f"| {path} | {med(path, 'barrage', 'rps') / med(path, 'h2load', 'rps'):.2f} | "
                     f"{med(path, 'barrage', 'per_cpu') / med(path, 'h2load', 'per_cpu'):.2f} |")
    report = "\n".join(lines)
    print("\n" + report)
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    out = os.path.join(ROOT, "bench/results", f"compare-h2load-{args.server}-{datetime.datetime.now():%Y%m%d-%H%M%S}.md")
    open(out, "w").write(report + "\n")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
