#!/usr/bin/env python3
"""Issue #8's benchmark note: the generator's requests per CPU-second with the live dashboard attached vs not.

  bench/dashboard.py [--rounds 5] [--duration 20] [--users 16] [--dll PATH] [--port 18480]

Runs one closed-model plan (4 tags) against nginx /small, interleaved in each round:
  none      barrage run PLAN
  ui        barrage run PLAN --ui           (the dashboard serves, nobody watches)
  ui+client barrage run PLAN --ui           with one client reading the live event stream all along
and prints requests, CPU seconds (user+sys of the barrage process) and requests per CPU-second, with each
variant's ratio to `none` (issue #8's target: within 5 %). CPU per request holds up on a loaded machine far better
than wall-clock figures do; the printed load average says how loaded it was. Figures also go to
bench/results/dashboard-<time>.md.
"""
import argparse, datetime, os, socket, statistics, sys, tempfile, threading, time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_wrk import ROOT, publish, sh, timed_cpu  # noqa: E402
from pacing import parse_summary  # noqa: E402

NGINX = os.path.join(ROOT, "bench/nginx.sh")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def watch(port, stop, seen):
    """Reads /api/live/1/events until the stream ends (the run finished) or stop is set; counts frames."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                c.sendall(b"GET /api/live/1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                c.settimeout(30)
                while True:
                    chunk = c.recv(65536)
                    if not chunk:
                        return
                    seen[0] += chunk.count(b"event: frame")
        except OSError:
            time.sleep(0.05)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--duration", type=int, default=20)
    ap.add_argument("--users", type=int, default=16)
    ap.add_argument("--dll")
    ap.add_argument("--port", type=int, default=18480)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="barrage-dashboard-")
    os.chmod(work, 0o755)
    dll = args.dll
    if not dll:
        print("building Barrage (Release)...", flush=True)
        dll = publish(os.path.join(work, "bin"))
    sh([NGINX, "start", os.path.join(work, "nginx"), str(args.port)])
    plan = os.path.join(work, "plan.yaml")
    steps = "".join(f"    - get: /small\n      tag: t{i}\n" for i in range(4))
    open(plan, "w").write(f"name: dashboard-bench\ntarget: http://127.0.0.1:{args.port}\n"
                          f"load:\n  users: {args.users}\n  duration: {args.duration}s\nscenario:\n  main:\n{steps}")
    store = os.path.join(work, "runs.db")
    lines = []

    def say(line=""):
        print(line, flush=True)
        lines.append(line)

    load = os.getloadavg()
    say("## Requests per CPU-second with the live dashboard (issue #8)")
    say(f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average at start "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; {args.users} users, {args.duration} s per run, nginx /small, 4 tags")
    say()
    results = {"none": [], "ui": [], "ui+client": []}
    frames = []
    try:
        for r in range(args.rounds):
            for variant in results:
                cmd = ["dotnet", dll, "run", plan, "--store", store]
                stop, seen, watcher = threading.Event(), [0], None
                if variant != "none":
                    port = free_port()
                    cmd += ["--ui", "--ui-listen", f"127.0.0.1:{port}"]
                    if variant == "ui+client":
                        watcher = threading.Thread(target=watch, args=(port, stop, seen), daemon=True)
                        watcher.start()
                out, cpu, _ = timed_cpu(cmd)
                stop.set()
                if watcher:
                    watcher.join(5)
                    frames.append(seen[0])
                requests = parse_summary(out)["requests"]
                results[variant].append((requests, cpu))
                print(f"round {r + 1} {variant:10} {requests:>10,} requests {cpu:6.2f} CPU-s {requests / cpu:>10,.0f} req/CPU-s", flush=True)
    finally:
        sh([NGINX, "stop", os.path.join(work, "nginx")])
    say("| variant | requests (median) | CPU-s (median) | requests per CPU-second (median) | vs none |")
    say("|---|---:|---:|---:|---:|")
    base = statistics.median(q / c for q, c in results["none"])
    for variant, runs in results.items():
        per = statistics.median(q / c for q, c in runs)
        say(f"| {variant} | {statistics.median(q for q, _ in runs):,.0f} | {statistics.median(c for _, c in runs):.2f} | "
            f"{per:,.0f} | {100 * (per / base - 1):+.1f} % |")
    say()
    say(f"frames the client received per run: {frames}")
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    path = os.path.join(ROOT, "bench/results", f"dashboard-{datetime.datetime.now():%Y%m%d-%H%M%S}.md")
    open(path, "w").write("\n".join(lines) + "\n")
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
