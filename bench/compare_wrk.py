#!/usr/bin/env python3
"""Barrage vs wrk on loopback against nginx: requests/s, requests per generator CPU-second, peak RSS,
p50/p99, interleaved and repeated. A benchmark, not a test: it prints figures and never fails CI.

Usage: bench/compare_wrk.py [--reps 3] [--duration 10] [--connections 64] [--port 18080] [--phout]

Barrage runs as the issue's benchmark runs it, `barrage hit URL -c N -d Ds`, and its figures are read from the
summary it prints; --phout adds `--out DIR` (summary.json and a phout.log line per request), which costs CPU.
"""
import argparse, datetime, json, os, re, shutil, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = 18080


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, text=True, capture_output=True, **kw)


def ensure_peers():
    missing = [p for p, b in (("nginx-light", "nginx"), ("wrk", "wrk")) if not shutil.which(b)]
    if missing:
        if os.geteuid() != 0:
            sys.exit(f"install {' '.join(missing)} first")
        sh("apt-get update -qq")
        sh(["apt-get", "install", "-y", "-qq", *missing], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (stdout, cpu seconds user+sys, peak RSS MiB)."""
    fmt = "BENCH_TIME %U %S %M"
    p = subprocess.run(["/usr/bin/time", "-f", fmt, *cmd], text=True, capture_output=True)
    m = re.search(r"BENCH_TIME ([\d.]+) ([\d.]+) (\d+)", p.stderr)
    if p.returncode != 0 or not m:
        raise RuntimeError(f"{cmd[0]} failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return p.stdout, float(m.group(1)) + float(m.group(2)), int(m.group(3)) / 1024


def wrk_us(text):
    v, unit = float(text[:-2] if text.endswith(("us", "ms")) else text[:-1]), text[-2:] if text[-2:] in ("us", "ms") else text[-1:]
    return v * {"us": 1, "ms": 1000, "s": 1_000_000}[unit]


def run_wrk(url, conns, dur):
    out, cpu, rss = timed(["wrk", "-t1", f"-c{conns}", f"-d{dur}s", "--latency", url])
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    secs = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    p50 = wrk_us(re.search(r"50%\s+(\S+)", out).group(1))
    p99 = wrk_us(re.search(r"99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return dict(requests=requests, rps=requests / secs, cpu=cpu, rss=rss, p50=p50, p99=p99,
                errors=int(errors.group(1)) if errors else 0)


def console_us(text):
    """'193 µs', '13.87 ms', '1.2 s' as printed in Barrage's summary, in microseconds."""
    v, unit = text.split()
    return float(v.replace(",", "")) * {"µs": 1, "ms": 1000, "s": 1_000_000}[unit]


def run_barrage(dll, url, conns, dur, work, phout, extra=()):
    cmd = ["dotnet", dll, "hit", url, "-c", str(conns), "-d", f"{dur}s", *extra]
    out_dir = tempfile.mkdtemp(dir=work)
    if phout:
        cmd += ["--out", out_dir]
    out, cpu, rss = timed(cmd)
    if phout:
        s = json.load(open(os.path.join(out_dir, "summary.json")))
        return dict(requests=s["requests"], rps=s["rps"], cpu=cpu, rss=rss, p50=s["latency_us"]["p50"],
                    p99=s["latency_us"]["p99"], errors=s["errors"])
    m = re.search(r"requests\s+([\d,]+)\s+([\d,.]+) rps", out)
    errors = re.search(r"errors\s+([\d,]+)", out)
    # The latency table's service row: min, mean, p50, p90, p99, ...
    cells = [c.strip() for c in re.search(r"│ service │(.*)│", out).group(1).split("│")]
    return dict(requests=int(m.group(1).replace(",", "")), rps=float(m.group(2).replace(",", "")), cpu=cpu, rss=rss,
                p50=console_us(cells[2]), p99=console_us(cells[4]), errors=int(errors.group(1).replace(",", "")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--port", type=int, default=PORT, help="nginx's port on 127.0.0.1")
    ap.add_argument("--phout", action="store_true", help="run Barrage with --out (summary.json + phout.log)")
    args = ap.parse_args()
    ensure_peers()
    work = tempfile.mkdtemp(prefix="barrage-bench-")
    os.chmod(work, 0o755)  # nginx workers (www-data) read the static file below it
    print("building Barrage (Release)...", flush=True)
    sh(["dotnet", "publish", os.path.join(ROOT, "src/Barrage.Cli"), "-c", "Release", "-o", os.path.join(work, "bin")])
    dll = os.path.join(work, "bin", "barrage.dll")
    sh([os.path.join(ROOT, "bench/nginx.sh"), "start", os.path.join(work, "nginx"), str(args.port)])
    results = {}
    try:
        for rep in range(args.reps):
            for path in ("/small", "/16k"):
                url = f"http://127.0.0.1:{args.port}{path}"
                for tool in ("wrk", "barrage"):  # interleaved: each pair runs back to back
                    r = run_wrk(url, args.connections, args.duration) if tool == "wrk" else \
                        run_barrage(dll, url, args.connections, args.duration, work, args.phout)
                    r["per_cpu"] = r["requests"] / r["cpu"] if r["cpu"] > 0 else float("nan")
                    results.setdefault((path, tool), []).append(r)
                    print(f"rep {rep + 1} {path:6} {tool:8} {r['rps']:>10,.0f} rps {r['per_cpu']:>10,.0f} req/cpu-s "
                          f"rss {r['rss']:6.1f} MiB p50 {r['p50']:>8,.0f} us p99 {r['p99']:>8,.0f} us errors {r['errors']}",
                          flush=True)
    finally:
        sh([os.path.join(ROOT, "bench/nginx.sh"), "stop", os.path.join(work, "nginx")])

    med = lambda path, tool, k: statistics.median(r[k] for r in results[(path, tool)])
    lines = [f"# Barrage vs wrk, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
             f"{os.cpu_count()} cores, nginx 1 worker on loopback, {args.connections} connections, "
             f"{args.duration}s runs, {args.reps} interleaved repetitions; medians"
             f"{'; Barrage with --out (phout)' if args.phout else ''}.", "",
             "| url | tool | req/s | req per CPU-s | peak RSS MiB | p50 µs | p99 µs |", "|---|---|---|---|---|---|---|"]
    for path in ("/small", "/16k"):
        for tool in ("wrk", "barrage"):
            lines.append(f"| {path} | {tool} | {med(path, tool, 'rps'):,.0f} | {med(path, tool, 'per_cpu'):,.0f} | "
                         f"{med(path, tool, 'rss'):.1f} | {med(path, tool, 'p50'):,.0f} | {med(path, tool, 'p99'):,.0f} |")
    lines += ["", "| url | Barrage/wrk req/s | Barrage/wrk req per CPU-s |", "|---|---|---|"]
    for path in ("/small", "/16k"):
        lines.append(f"| {path} | {med(path, 'barrage', 'rps') / med(path, 'wrk', 'rps'):.2f} | "
                     f"{med(path, 'barrage', 'per_cpu') / med(path, 'wrk', 'per_cpu'):.2f} |")
    report = "\n".join(lines)
    print("\n" + report)
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    path = os.path.join(ROOT, "bench/results", f"compare-wrk-{datetime.datetime.now():%Y%m%d-%H%M%S}.md")
    open(path, "w").write(report + "\n")
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
