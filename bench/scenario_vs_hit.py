#!/usr/bin/env python3
"""Scenario engine cost: requests per generator CPU-second of `barrage hit` vs the same three requests as a
scenario, fixed and with macros, at N users against the built-in target (`barrage target`, its own process).
A benchmark, not a test: it prints figures, saves them under bench/results/ and never fails CI.

Usage: bench/scenario_vs_hit.py [--reps 3] [--duration 10] [--users 64] [--port 18090]

Issue #5's figure: a scenario with macros reaches at least 60 % of hit's requests per CPU-second. The runs are
interleaved and the medians compared, since a shared machine's CPU time varies run to run.
"""
import argparse, datetime, os, re, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLL = os.path.join(ROOT, "src/Barrage.Cli/bin/Release/net10.0/barrage.dll")

FIXED = """
    - get: /bytes/16
    - get: /json?n=2
    - post: /echo
      json: {{ id: 1, name: "alice" }}
"""
MACROS = """
    - get: /bytes/${{size}}
    - get: /json?n=2&user=${{user_id}}
    - post: /echo
      json: {{ id: "${{counter()}}", name: "${{user}}-${{iteration}}" }}
"""


def plan(dir, name, steps, port, users, duration):
    path = os.path.join(dir, name + ".yaml")
    with open(path, "w") as f:
        f.write(f"""name: {name}
target: http://127.0.0.1:{port}/
load: {{ users: {users}, duration: {duration}s }}
variables: {{ size: "16", user: "user-${{user_id}}" }}
scenario:
  main:
{steps.format()}""")
    return path


def timed(cmd):
    p = subprocess.run(["/usr/bin/time", "-f", "BENCH_TIME %U %S", *cmd], text=True, capture_output=True)
    m = re.search(r"BENCH_TIME ([\d.]+) ([\d.]+)", p.stderr)
    if p.returncode != 0 or not m:
        raise RuntimeError(f"failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    requests = int(re.search(r"requests\s+([\d,]+)", p.stdout).group(1).replace(",", ""))
    return requests, float(m.group(1)) + float(m.group(2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--users", type=int, default=64)
    ap.add_argument("--port", type=int, default=18090)
    a = ap.parse_args()
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "src/Barrage.Cli"), "-c", "Release", "-v", "q"], check=True, capture_output=True)
    target = subprocess.Popen(["dotnet", DLL, "target", "--listen", f"127.0.0.1:{a.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{a.port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        tmp = tempfile.mkdtemp(prefix="barrage-bench-")
        store = ["--store", os.path.join(tmp, "runs.db")]
        runs = {
            "hit /bytes/16": ["dotnet", DLL, "hit", f"http://127.0.0.1:{a.port}/bytes/16", "-c", str(a.users), "-d", f"{a.duration}s", *store],
            "scenario, fixed": ["dotnet", DLL, "run", plan(tmp, "fixed", FIXED, a.port, a.users, a.duration), *store],
            "scenario, macros": ["dotnet", DLL, "run", plan(tmp, "macros", MACROS, a.port, a.users, a.duration), *store],
        }
        figures = {name: [] for name in runs}
        for rep in range(a.reps):
            for name, cmd in runs.items():
                requests, cpu = timed(cmd)
                figures[name].append((requests / a.duration, requests / cpu))
                print(f"rep {rep + 1} {name:18} {requests / a.duration:10.0f} req/s {requests / cpu:10.0f} req/CPU-s", file=sys.stderr)
    finally:
        target.terminate()
        target.wait()
    base = statistics.median(r for _, r in figures["hit /bytes/16"])
    lines = [f"# scenario_vs_hit {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {a.users} users, {a.duration}s, {a.reps} reps (medians)",
             f"{'run':18} {'req/s':>10} {'req/CPU-s':>10} {'vs hit':>7}"]
    for name, rows in figures.items():
        rps = statistics.median(r for r, _ in rows)
        per_cpu = statistics.median(r for _, r in rows)
        lines.append(f"{name:18} {rps:10.0f} {per_cpu:10.0f} {per_cpu / base:7.2f}")
    text = "\n".join(lines)
    print(text)
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/results", f"scenario_vs_hit-{datetime.datetime.now():%Y%m%d-%H%M%S}.txt"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
