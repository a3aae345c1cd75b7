#!/usr/bin/env python3
"""Barrage's fixed cost: CPU-seconds (user + sys) and wall time of short commands, medians of interleaved runs.
A benchmark, not a test: it prints figures, saves them under bench/results/ and never fails CI.

Usage: bench/startup.py [--reps 5] [--port 18095] [--dll PATH] [--baseline DLL] [--floor] [--env NAME=VALUE ...]

Commands measured, against nginx on 127.0.0.1 (bench/nginx.sh), each with its own run store in a temp dir:
  version   `barrage --version`                      (runtime start + command line: the floor of every command)
  hit-n1    `barrage hit URL -n 1`                    (one request: what every short `hit` and agent pays)
  hit-out   `barrage hit URL -n 1 --out DIR`          (plus summary.json, phout.log and the HTML report)
  hit-2s    `barrage hit URL --rate 1000 -d 2s`       (2 000 requests on schedule: fixed cost + a little work)
--floor adds an empty console program ("hello", published the same way) for the runtime's own floor.
This tree is published for this machine's runtime (ReadyToRun, as compare_wrk.py does) unless --dll is given;
--baseline runs another published barrage.dll too, interleaved run by run (the machine is shared: neighbours'
load then falls on both), and the report gives the medians and the ratios new / baseline.
CPU is the whole process's user + sys from wait4's rusage; wall is from fork to exit.
"""
import argparse, datetime, os, statistics, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_wrk import ROOT, ensure_peers, publish, runtime_id, sh  # noqa: E402

HELLO = 'System.Console.WriteLine("hello");\n'


def run_once(cmd, env=None):
    """(cpu seconds user + sys, wall seconds) of one process, waited for with wait4 (its own rusage only)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{out.decode(errors='replace')[-2000:]}")
    return usage.ru_utime + usage.ru_stime, wall


def publish_hello(work):
    src = os.path.join(work, "hello")
    os.makedirs(src)
    with open(os.path.join(src, "hello.csproj"), "w") as f:
        f.write('<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType>'
                '<TargetFramework>net10.0</TargetFramework><PublishReadyToRun>true</PublishReadyToRun>'
                '<InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>\n')
    with open(os.path.join(src, "Program.cs"), "w") as f:
        f.write(HELLO)
    out = os.path.join(work, "hello-bin")
    sh(["dotnet", "publish", src, "-c", "Release", "-r", runtime_id(), "--self-contained", "false", "-o", out])
    return os.path.join(out, "hello.dll")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--port", type=int, default=18095, help="nginx's port on 127.0.0.1")
    ap.add_argument("--dll", help="a published barrage.dll (default: publish this tree)")
    ap.add_argument("--baseline", help="another published barrage.dll, run interleaved with this tree's")
    ap.add_argument("--floor", action="store_true", help="also time an empty console program")
    ap.add_argument("--note", default="", help="a line added to the saved report (e.g. how loaded the machine was)")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for this tree's Barrage only; repeatable")
    args = ap.parse_args()
    ensure_peers()
    work = tempfile.mkdtemp(prefix="barrage-startup-")
    os.chmod(work, 0o755)  # nginx workers (www-data) read below it
    if args.dll:
        dll = os.path.abspath(args.dll)
    else:
        print("building Barrage (Release)...", flush=True)
        dll = publish(os.path.join(work, "bin"))
    builds = {"new": dll, **({"base": os.path.abspath(args.baseline)} if args.baseline else {})}
    hello = publish_hello(work) if args.floor else None
    url = f"http://127.0.0.1:{args.port}/small"
    cases = {
        "version": lambda store, out: ["--version"],
        "hit-n1": lambda store, out: ["hit", url, "-n", "1", "--store", store],
        "hit-out": lambda store, out: ["hit", url, "-n", "1", "--store", store, "--out", out],
        "hit-2s": lambda store, out: ["hit", url, "--rate", "1000", "-d", "2s", "--store", store],
    }
    extra_env = dict(e.split("=", 1) for e in args.env)
    results, loads = {}, []
    sh([os.path.join(ROOT, "bench/nginx.sh"), "start", os.path.join(work, "nginx"), str(args.port)])
    try:
        for rep in range(args.reps):
            if hello:
                cpu, wall = run_once(["dotnet", hello])
                results.setdefault(("hello", "floor"), []).append((cpu, wall))
            for case, make in cases.items():
                for name, path in builds.items():  # interleaved: the builds of one command run back to back
                    loads.append(os.getloadavg()[0])
                    store = os.path.join(work, f"{name}.db")
                    out = tempfile.mkdtemp(dir=work)
                    env = {**os.environ, **(extra_env if name == "new" else {})}
                    cpu, wall = run_once(["dotnet", path, *make(store, out)], env)
                    results.setdefault((case, name), []).append((cpu, wall))
                    print(f"rep {rep + 1} {case:8} {name:5} {cpu:6.3f} CPU-s {wall:6.3f} s", flush=True)
    finally:
        sh([os.path.join(ROOT, "bench/nginx.sh"), "stop", os.path.join(work, "nginx")])

    med = lambda key, i: statistics.median(r[i] for r in results[key])
    lines = [f"# Barrage start-up and shut-down cost, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
             f"{os.cpu_count()} cores, nginx 1 worker on loopback, {args.reps} interleaved repetitions, medians. "
             f"Load average during the runs: {min(loads):.1f}–{max(loads):.1f}.",
             *([args.note] if args.note else []), f"new: {dll}",
             *([f"base: {args.baseline}"] if args.baseline else []),
             *([f"new ran with {' '.join(args.env)}."] if args.env else []), "",
             "| command | build | CPU-s (user + sys) | wall s |", "|---|---|---|---|"]
    if hello:
        lines.append(f"| empty console program | floor | {med(('hello', 'floor'), 0):.3f} | {med(('hello', 'floor'), 1):.3f} |")
    for case in cases:
        for name in builds:
            lines.append(f"| {case} | {name} | {med((case, name), 0):.3f} | {med((case, name), 1):.3f} |")
    if args.baseline:
        # Paired: each new run against the baseline run next to it, then the median of those ratios.
        paired = lambda case, i: statistics.median(n[i] / b[i] for n, b in zip(results[(case, "new")], results[(case, "base")]))
        lines += ["", "Ratios new / base (median of the per-repetition ratios):", "",
                  "| command | CPU-s | wall |", "|---|---|---|"]
        lines += [f"| {case} | {paired(case, 0):.2f} | {paired(case, 1):.2f} |" for case in cases]
    report = "\n".join(lines)
    print("\n" + report)
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    path = os.path.join(ROOT, "bench/results", f"startup-{datetime.datetime.now():%Y%m%d-%H%M%S}.md")
    with open(path, "w") as f:
        f.write(report + "\n")
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
