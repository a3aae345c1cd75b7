#!/usr/bin/env python3
"""Barrage vs wrk on loopback against nginx: requests/s, requests per generator CPU-second, peak RSS,
p50/p99, interleaved and repeated. A benchmark, not a test: it prints figures and never fails CI.

Usage: bench/compare_wrk.py [--reps 3] [--duration 10] [--connections 64] [--port 18080] [--phout]
                            [--transports loop,async] [--dll PATH] [--baseline DLL] [--env NAME=VALUE ...]

Barrage is published for this machine's runtime (`-r linux-x64 --self-contained false`: ReadyToRun code, see
src/Barrage.Cli's project) and runs as the issue's benchmark runs it, `barrage hit URL -c N -d Ds`, once per
transport (BARRAGE_TRANSPORT=loop: the event-loop transport, async: the thread-pool one), and its figures are read
from the summary it prints;
--phout adds `--out DIR` (summary.json and a phout.log line per request), which costs CPU. --dll runs a published
barrage.dll instead of publishing this tree; --baseline also runs another build (e.g. main's) with the first transport,
interleaved, as "base-<transport>", so a change is measured against what it replaces in the same conditions.
--env sets a variable for this tree's Barrage only (e.g. DOTNET_TieredCompilation=0), to try a runtime setting.

CPU is measured the same way for every process: user + sys from wait4's rusage (whole process, start-up and JIT
included: "req/CPU-s"), and from /proc/PID/stat sampled while it runs, between 2 s after the start and 1 s before
the end ("steady"), divided into the run's mean request rate: the cost per request once start-up is paid.
"""
import argparse, datetime, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

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


def publish(out_dir):
    """Publishes Barrage (Release) for this machine's runtime, so its code comes precompiled (ReadyToRun), as a
    published Barrage should run; returns the path of barrage.dll."""
    sh(["dotnet", "publish", os.path.join(ROOT, "src/Barrage.Cli"), "-c", "Release", "-r", runtime_id(),
        "--self-contained", "false", "-o", out_dir])
    return os.path.join(out_dir, "barrage.dll")


def publish_self_contained(out_dir):
    """Publishes Barrage self-contained, the runtime and the app compiled ahead of time into one composite ReadyToRun
    image: framework code instantiated over Barrage's types (async builders, collections of its structs) comes
    precompiled too, which a framework-dependent build must JIT at start-up. About 150 MB, a few minutes to build.
    Returns the path of the `barrage` executable."""
    # Its intermediate files go below out_dir (--artifacts-path): kept apart from the tree's obj/, which the next
    # framework-dependent publish would otherwise pick up from.
    sh(["dotnet", "publish", os.path.join(ROOT, "src/Barrage.Cli"), "-c", "Release", "-r", runtime_id(),
        "--self-contained", "true", "-p:PublishReadyToRunComposite=true",
        "--artifacts-path", os.path.join(out_dir, "artifacts"), "-o", out_dir])
    return os.path.join(out_dir, "barrage")


def command(build):
    """How to start a build: `dotnet barrage.dll` for a framework-dependent one, the executable of a self-contained one."""
    return ["dotnet", build] if build.endswith(".dll") else [build]


def runtime_id():
    """The .NET runtime identifier of this machine (linux-x64, linux-arm64)."""
    return "linux-" + {"x86_64": "x64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid):
    """user + sys seconds of a live process, from /proc/PID/stat (fields 14 and 15)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


def proc_hwm(pid):
    """Peak RSS of a live process in MiB (VmHWM). Not rusage's ru_maxrss: that counts the forked Python too."""
    try:
        with open(f"/proc/{pid}/status") as f:
            m = re.search(r"VmHWM:\s+(\d+) kB", f.read())
        return int(m.group(1)) / 1024 if m else None
    except OSError:
        return None


def timed(cmd, dur, env=None):
    """Runs cmd; returns (stdout, cpu seconds user+sys of the whole process, steady cpu seconds per second of the
    window [2 s, dur - 1 s], peak RSS MiB as last sampled). Every tool is measured this same way."""
    out = tempfile.TemporaryFile(mode="w+")
    err = tempfile.TemporaryFile(mode="w+")
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, env=env)
    lo, hi = 2.0, max(dur - 1.0, 2.5)
    marks = {}
    hwm = 0.0
    while True:
        # wait4 rather than Popen.poll: it returns the child's rusage (poll would reap it without).
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid != 0:
            break
        t = time.monotonic() - t0
        hwm = max(hwm, proc_hwm(p.pid) or 0.0)
        for name, at in (("lo", lo), ("hi", hi)):
            if name not in marks and t >= at:
                c = proc_cpu(p.pid)
                if c is not None:
                    marks[name] = (t, c)
        time.sleep(0.05)
    rc = p.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0), err.seek(0)
    stdout, stderr = out.read(), err.read()
    if rc != 0:
        raise RuntimeError(f"{cmd[0]} failed ({rc}):\n{stdout[-2000:]}\n{stderr[-2000:]}")
    steady = None
    if "lo" in marks and "hi" in marks and marks["hi"][0] > marks["lo"][0]:
        steady = (marks["hi"][1] - marks["lo"][1]) / (marks["hi"][0] - marks["lo"][0])
    return stdout, usage.ru_utime + usage.ru_stime, steady, hwm


def timed_cpu(cmd, env=None):
    """Runs cmd; returns (stdout, cpu seconds user+sys of the whole process, peak RSS MiB): timed() without the
    steady window, for runs whose length the caller does not fix."""
    stdout, cpu, _, rss = timed(cmd, 0.0, env)
    return stdout, cpu, rss


def wrk_us(text):
    v, unit = float(text[:-2] if text.endswith(("us", "ms")) else text[:-1]), text[-2:] if text[-2:] in ("us", "ms") else text[-1:]
    return v * {"us": 1, "ms": 1000, "s": 1_000_000}[unit]


def run_wrk(url, conns, dur):
    out, cpu, steady, rss = timed(["wrk", "-t1", f"-c{conns}", f"-d{dur}s", "--latency", url], dur)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    secs = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    # Anchored: "+/- Stdev" columns end in "99%" too (e.g. "89.99%"), followed by the next line's "Req/Sec".
    p50 = wrk_us(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))
    p99 = wrk_us(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return dict(requests=requests, rps=requests / secs, cpu=cpu, steady=steady, rss=rss, p50=p50, p99=p99,
                errors=int(errors.group(1)) if errors else 0)


def console_us(text):
    """'193 µs', '13.87 ms', '1.2 s' as printed in Barrage's summary, in microseconds."""
    v, unit = text.split()
    return float(v.replace(",", "")) * {"µs": 1, "ms": 1000, "s": 1_000_000}[unit]


def run_barrage(dll, url, conns, dur, work, phout, transport="loop", extra=(), env=None):
    cmd = ["dotnet", dll, "hit", url, "-c", str(conns), "-d", f"{dur}s", *extra]
    out_dir = tempfile.mkdtemp(dir=work)
    if phout:
        cmd += ["--out", out_dir]
    out, cpu, steady, rss = timed(cmd, dur, env={**os.environ, **(env or {}), "BARRAGE_TRANSPORT": transport})
    if phout:
        s = json.load(open(os.path.join(out_dir, "summary.json")))
        return dict(requests=s["requests"], rps=s["rps"], cpu=cpu, steady=steady, rss=rss, p50=s["latency_us"]["p50"],
                    p99=s["latency_us"]["p99"], errors=s["errors"])
    m = re.search(r"requests\s+([\d,]+)\s+([\d,.]+) rps", out)
    errors = re.search(r"errors\s+([\d,]+)", out)
    # The latency table's service row: min, mean, p50, p90, p99, ...
    cells = [c.strip() for c in re.search(r"│ service │(.*)│", out).group(1).split("│")]
    return dict(requests=int(m.group(1).replace(",", "")), rps=float(m.group(2).replace(",", "")), cpu=cpu,
                steady=steady, rss=rss, p50=console_us(cells[2]), p99=console_us(cells[4]),
                errors=int(errors.group(1).replace(",", "")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--port", type=int, default=PORT, help="nginx's port on 127.0.0.1")
    ap.add_argument("--phout", action="store_true", help="run Barrage with --out (summary.json + phout.log)")
    ap.add_argument("--transports", default="loop,async", help="Barrage transports to run (BARRAGE_TRANSPORT values)")
    ap.add_argument("--note", default="", help="a line added to the saved report (e.g. how loaded the machine was)")
    ap.add_argument("--dll", help="a published barrage.dll (default: publish this tree)")
    ap.add_argument("--baseline", help="another barrage.dll, run with the first transport, interleaved")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for this tree's Barrage only; repeatable")
    args = ap.parse_args()
    transports = [t.strip() for t in args.transports.split(",") if t.strip()]
    tools = ["wrk", *(f"barrage-{t}" for t in transports), *([f"base-{transports[0]}"] if args.baseline else [])]
    extra_env = dict(e.split("=", 1) for e in args.env)
    ensure_peers()
    work = tempfile.mkdtemp(prefix="barrage-bench-")
    os.chmod(work, 0o755)  # nginx workers (www-data) read the static file below it
    if args.dll:
        dll = os.path.abspath(args.dll)
    else:
        print("building Barrage (Release)...", flush=True)
        dll = publish(os.path.join(work, "bin"))
    sh([os.path.join(ROOT, "bench/nginx.sh"), "start", os.path.join(work, "nginx"), str(args.port)])
    results = {}
    loads = []
    try:
        for rep in range(args.reps):
            for path in ("/small", "/16k"):
                url = f"http://127.0.0.1:{args.port}{path}"
                for tool in tools:  # interleaved: the tools of one URL run back to back
                    loads.append(os.getloadavg()[0])
                    kind, _, transport = tool.partition("-")
                    r = run_wrk(url, args.connections, args.duration) if tool == "wrk" else \
                        run_barrage(args.baseline if kind == "base" else dll, url, args.connections, args.duration, work,
                                    args.phout, transport, env=None if kind == "base" else extra_env)
                    r["per_cpu"] = r["requests"] / r["cpu"] if r["cpu"] > 0 else float("nan")
                    r["per_steady"] = r["rps"] / r["steady"] if r["steady"] else float("nan")
                    results.setdefault((path, tool), []).append(r)
                    print(f"rep {rep + 1} {path:6} {tool:14} {r['rps']:>9,.0f} rps {r['per_cpu']:>9,.0f} req/cpu-s "
                          f"{r['per_steady']:>9,.0f} steady  rss {r['rss']:6.1f} MiB p50 {r['p50']:>8,.0f} us "
                          f"p99 {r['p99']:>8,.0f} us errors {r['errors']}", flush=True)
    finally:
        sh([os.path.join(ROOT, "bench/nginx.sh"), "stop", os.path.join(work, "nginx")])

    med = lambda path, tool, k: statistics.median(r[k] for r in results[(path, tool)])
    # Paired: each Barrage run against the wrk run of the same repetition and URL, then the median of those ratios.
    paired = lambda path, tool, k: statistics.median(
        b[k] / w[k] for b, w in zip(results[(path, tool)], results[(path, "wrk")]))
    lines = [f"# Barrage vs wrk, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
             f"{os.cpu_count()} cores, nginx 1 worker on loopback, {args.connections} connections, "
             f"{args.duration}s runs, {args.reps} interleaved repetitions; medians"
             f"{'; Barrage with --out (phout)' if args.phout else ''}. "
             f"Load average during the runs: {min(loads):.1f}–{max(loads):.1f}.",
             *([args.note] if args.note else []),
             *([f"base-*: {args.baseline}."] if args.baseline else []),
             *([f"This tree's Barrage ran with {' '.join(args.env)}."] if args.env else []), "",
             "req per CPU-s: requests / (user + sys of the whole process). steady: mean req/s / CPU-s per second "
             "between 2 s after the start and 1 s before the end (start-up and JIT excluded).", "",
             "| url | tool | req/s | req per CPU-s | steady req per CPU-s | peak RSS MiB | p50 µs | p99 µs |",
             "|---|---|---|---|---|---|---|---|"]
    for path in ("/small", "/16k"):
        for tool in tools:
            lines.append(f"| {path} | {tool} | {med(path, tool, 'rps'):,.0f} | {med(path, tool, 'per_cpu'):,.0f} | "
                         f"{med(path, tool, 'per_steady'):,.0f} | {med(path, tool, 'rss'):.1f} | "
                         f"{med(path, tool, 'p50'):,.0f} | {med(path, tool, 'p99'):,.0f} |")
    lines += ["", "Ratios Barrage / wrk (median of the per-repetition ratios):", "",
              "| url | Barrage | req/s | req per CPU-s | steady req per CPU-s |", "|---|---|---|---|---|"]
    for path in ("/small", "/16k"):
        for tool in tools[1:]:
            lines.append(f"| {path} | {tool} | {paired(path, tool, 'rps'):.2f} | "
                         f"{paired(path, tool, 'per_cpu'):.2f} | {paired(path, tool, 'per_steady'):.2f} |")
    report = "\n".join(lines)
    print("\n" + report)
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    path = os.path.join(ROOT, "bench/results", f"compare-wrk-{datetime.datetime.now():%Y%m%d-%H%M%S}.md")
    open(path, "w").write(report + "\n")
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
