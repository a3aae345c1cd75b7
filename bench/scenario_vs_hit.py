#!/usr/bin/env python3
"""Scenario engine cost: requests per generator CPU-second of `barrage hit` vs the same three requests as a
scenario, fixed and with macros, at N users against the built-in target (`barrage target`, its own process).
A benchmark, not a test: it prints figures, saves them under bench/results/ and never fails CI.

Usage: bench/scenario_vs_hit.py [--reps 3] [--duration 10] [--users 64] [--port 18090]

Issue #5's figure: a scenario with macros reaches at least 60 % of hit's requests per CPU-second. The runs are
interleaved and the medians compared, since a shared machine's CPU time varies run to run.
"""
import argparse, datetime, os, re, statistics, subprocess, sys, tempfile, time, urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_wrk import ROOT, timed_cpu  # noqa: E402  (CPU taken the same way as in the other benchmarks)

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


CHECKED = """
    - get: /json?count=2
      check: {{ status: 200 }}
      extract: {{ id: {{ json: "$.items[1].id" }} }}
    - get: /bytes/16
      check: {{ status: 2xx }}
    - post: /echo
      json: {{ id: "${{id}}", name: "alice" }}
      check: {{ body_contains: alice }}
"""
# The same three requests as CHECKED (the extracted id is 1), as Phantom request-style ammo.
AMMO_REQUESTS = [
    "GET /json?count=2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /bytes/16 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    'POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 26\r\n\r\n{"id":"1","name":"alice"}\n',
]


def ammo(dir):
    path = os.path.join(dir, "three.ammo")
    with open(path, "wb") as f:
        for r in AMMO_REQUESTS:
            raw = r.encode()
            f.write(f"{len(raw)}\n".encode() + raw + b"\n")
    return path


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
    """Runs cmd; returns the requests its summary printed and its CPU seconds (user + sys of the whole process)."""
    out, cpu, _ = timed_cpu(cmd)
    return int(re.search(r"requests\s+([\d,]+)", out).group(1).replace(",", "")), cpu


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
            "ammo, same 3": ["dotnet", DLL, "run", "--ammo", ammo(tmp), "--target", f"http://127.0.0.1:{a.port}/", "-u", str(a.users),
                             "-d", f"{a.duration}s", *store],
            "scenario, fixed": ["dotnet", DLL, "run", plan(tmp, "fixed", FIXED, a.port, a.users, a.duration), *store],
            "scenario, macros": ["dotnet", DLL, "run", plan(tmp, "macros", MACROS, a.port, a.users, a.duration), *store],
            "extract+checks": ["dotnet", DLL, "run", plan(tmp, "checked", CHECKED, a.port, a.users, a.duration), *store],
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
    same = statistics.median(r for _, r in figures["ammo, same 3"])
    lines = [f"# scenario_vs_hit {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {a.users} users, {a.duration}s, {a.reps} reps (medians)",
             f"{'run':18} {'req/s':>10} {'req/CPU-s':>10} {'vs hit':>7} {'vs ammo':>8}"]
    for name, rows in figures.items():
        rps = statistics.median(r for r, _ in rows)
        per_cpu = statistics.median(r for _, r in rows)
        lines.append(f"{name:18} {rps:10.0f} {per_cpu:10.0f} {per_cpu / base:7.2f} {per_cpu / same:8.2f}")
    lines.append("vs ammo: against the same three requests replayed from an ammo file (issue #5's comparison); "
                 "vs hit: against one URL, /bytes/16, the cheapest of the three.")
    text = "\n".join(lines)
    print(text)
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/results", f"scenario_vs_hit-{datetime.datetime.now():%Y%m%d-%H%M%S}.txt"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
