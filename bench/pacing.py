#!/usr/bin/env python3
"""Issue #4's acceptance figures, one command each. A benchmark, not a test: it prints figures and never fails CI.

  bench/pacing.py open    [--rates 1000,10000] [--no-max] [--duration 10] [--baseline DLL]
      open model against nginx /small: planned, sent, completed, dropped, achieved rate, dispatch lag
      p50/p99/max, service and response p99, generator CPU; then the highest rate it sustains (a search).
      --baseline runs another build (e.g. main's) the same way, interleaved, for the pacer's CPU cost.
  bench/pacing.py h2load  [--duration 10] [--reps 3] [--baseline DLL] [--resolutions 10ms]
      `h2load --h1 -c 64 --rps 100 -D 10` (6400 rps) beside `barrage hit --rate 6400 --max-in-flight 64`, as it
      paces by default and with `--resolution 10ms` (h2load's own 10 ms bursts; --resolutions 0.5ms,1ms,10ms
      adds rows; --self-contained adds the same rows for a self-contained build whose runtime and app are one
      composite ReadyToRun image), in interleaved rounds:
      achieved rate, latency percentiles (h2load's from its per-request log), requests per CPU-second (medians).
  bench/pacing.py stall   [--duration 30] [--rate 1000]
      the built-in target with /stall?every=10s&for=1s, at 1000 rps: response time (from the schedule)
      shows the stall, service time (from the send) does not; dropped arrivals, for two max_in_flight values.
  bench/pacing.py users
      closed model, users: line(1, 50, 20s) const(50, 20s) line(50, 0, 10s): the user count the live view
      prints each second against the schedule.
  bench/pacing.py all     everything above, in that order.

Common: --dll PATH uses a published barrage.dll instead of publishing this tree (Release); --port for nginx.
Figures go to stdout and to bench/results/pacing-<what>-<time>.md. Wall-clock figures (lag, latency) need a
quiet machine; CPU per request holds up better under load.
"""
import argparse, datetime, json, math, os, re, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_wrk import ROOT, command, console_us, publish, publish_self_contained, sh, timed, timed_cpu  # noqa: E402

NGINX = os.path.join(ROOT, "bench/nginx.sh")


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = tempfile.mkdtemp(prefix="barrage-pacing-")
        os.chmod(self.work, 0o755)  # nginx workers (www-data) read below it
        self.lines = []
        if args.dll:
            self.dll = args.dll
        else:
            print("building Barrage (Release)...", flush=True)
            self.dll = publish(os.path.join(self.work, "bin"))
        self.store = os.path.join(self.work, "runs.db")

    def say(self, line=""):
        print(line, flush=True)
        self.lines.append(line)

    def header(self, title):
        load = os.getloadavg()
        self.say(f"## {title}")
        self.say(f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
                 f"load average at start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
                 f"{' (under load: wall-clock figures are distorted)' if load[0] > 1.5 else ''}")
        self.say()

    def save(self, what):
        os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
        path = os.path.join(ROOT, "bench/results", f"pacing-{what}-{datetime.datetime.now():%Y%m%d-%H%M%S}.md")
        open(path, "w").write("\n".join(self.lines) + "\n")
        print(f"\nwritten to {path}")

    def hit(self, url, extra, dll=None, steady_for=None):
        """Runs `barrage hit URL ...`; returns its summary (read from what it prints: no phout file, whose
        writing would cost CPU), CPU seconds and the printed output; with steady_for (the run's length), CPU
        seconds per second between 2 s and the end − 1 s in place of the output."""
        cmd = [*command(dll or self.dll), "hit", url, *extra, "--store", self.store]
        if steady_for:
            stdout, cpu, steady, _ = timed(cmd, steady_for)
            return parse_summary(stdout), cpu, steady
        stdout, cpu, _ = timed_cpu(cmd)
        return parse_summary(stdout), cpu, stdout

    def nginx(self):
        sh([NGINX, "start", os.path.join(self.work, "nginx"), str(self.args.port)])
        return f"http://127.0.0.1:{self.args.port}/small"

    def nginx_stop(self):
        sh([NGINX, "stop", os.path.join(self.work, "nginx")])


def parse_summary(out):
    """The figures of Barrage's printed summary, keyed as in summary.json."""
    count = lambda text: int(text.replace(",", ""))
    s = {}
    m = re.search(r"arrivals\s+planned ([\d,]+) · sent ([\d,]+) · completed ([\d,]+) · dropped ([\d,]+)", out)
    if m:
        s.update(planned=count(m.group(1)), sent=count(m.group(2)), completed=count(m.group(3)), dropped=count(m.group(4)))
    s["requests"] = count(re.search(r"requests\s+([\d,]+)\s", out).group(1))
    for row, key in (("service", "latency_us"), ("response", "response_time_us"), ("dispatch lag", "dispatch_lag_us")):
        m = re.search(r"│ " + row + r"\s*│(.*)│", out)
        if m:
            cells = [console_us(c.strip()) for c in m.group(1).split("│")]
            s[key] = dict(zip(("min", "mean", "p50", "p90", "p99", "p999", "max"), cells))
    return s


def us(v):
    return f"{v / 1000:,.2f} ms" if v >= 1000 else f"{v:,.0f} µs"


def open_row(name, rate, s, cpu, duration):
    lag, svc, resp = s["dispatch_lag_us"], s["latency_us"], s["response_time_us"]
    achieved = s["sent"] / duration
    return (f"| {name} | {rate:,} | {s['planned']:,} | {s['sent']:,} | {s['completed']:,} | {s['dropped']:,} | "
            f"{achieved:,.0f} ({100 * s['sent'] / max(s['planned'], 1):.2f} %) | {us(lag['p50'])} | {us(lag['p99'])} | "
            f"{us(lag['max'])} | {us(svc['p99'])} | {us(resp['p99'])} | {cpu:.2f} | {s['requests'] / cpu:,.0f} |")


def open_model(b):
    a = b.args
    b.header(f"Open model against nginx /small, {a.duration} s per rate")
    b.say("| build | rate | planned | sent | completed | dropped | sent/s (of plan) | lag p50 | lag p99 | lag max | "
          "service p99 | response p99 | CPU s | req per CPU-s |")
    b.say("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    url = b.nginx()
    builds = [("this", None)] + ([("baseline", a.baseline)] if a.baseline else [])
    try:
        for rate in [int(r) for r in a.rates.split(",")]:
            for name, dll in builds:  # interleaved, so both see the same machine
                s, cpu, _ = b.hit(url, ["--rate", str(rate), "-d", f"{a.duration}s"], dll)
                b.say(open_row(name, rate, s, cpu, a.duration))
        if not a.no_max:
            # The highest rate that keeps up: sent within 0.5 % of the plan, nothing dropped, lag p99 under 1 ms.
            best, failed = None, None
            for rate in (12500, 15000, 20000, 25000, 30000, 40000, 50000, 60000, 80000):
                s, cpu, _ = b.hit(url, ["--rate", str(rate), "-d", "5s"])
                ok = s["sent"] >= 0.995 * s["planned"] and s["dropped"] == 0
                b.say(open_row(f"search{' ✓' if ok else ' ✗'}", rate, s, cpu, 5))
                if not ok:
                    failed = rate
                    break
                best = rate
            if best:
                s, cpu, _ = b.hit(url, ["--rate", str(best), "-d", f"{a.duration}s"])
                b.say(open_row("max", best, s, cpu, a.duration))
            b.search = (best, failed)
    finally:
        b.nginx_stop()
    b.say()
    if getattr(b, "search", None):
        best, failed = b.search
        b.say(f"Highest rate sustained (5 s steps): {f'{best:,}' if best else 'below 12,500'}"
              f"{f'; {failed:,} was not' if failed else ''}.")
    b.say("lag = actual start − scheduled start (the pacer's precision); service = from the send; response = from "
          "the schedule (corrected for coordinated omission). CPU = user + sys of the generator process.")


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(p / 100 * len(sorted_values)) - 1))]


def h2load(b):
    a = b.args
    reps = a.reps
    b.header(f"Fixed 6 400 rps over 64 connections against nginx /small, {a.duration} s, side by side, {reps} interleaved rounds")
    url = b.nginx()
    # Barrage as it paces by default (each arrival at its instant, within 0.25 ms), then at h2load's own resolution:
    # with 64 connections at 100 rps each, h2load sends bursts of 64 every 10 ms. --baseline adds another build.
    # --resolutions adds rows between the two (e.g. 0.5ms,1ms), to show what precision costs in CPU.
    variants = [("barrage", b.dll, [])]
    variants += [(f"barrage --resolution {r}", b.dll, ["--resolution", r]) for r in a.resolutions.split(",") if r]
    if a.baseline:
        variants.append(("baseline", a.baseline, []))
    if a.self_contained:
        print("building Barrage self-contained, composite ReadyToRun (a few minutes)...", flush=True)
        sc = publish_self_contained(os.path.join(b.work, "sc"))
        variants.append(("barrage self-contained", sc, []))
        variants += [(f"barrage self-contained --resolution {r}", sc, ["--resolution", r]) for r in a.resolutions.split(",") if r]
    runs = {name: [] for name in ["h2load", *(v[0] for v in variants)]}
    try:
        for _ in range(reps):
            log = os.path.join(b.work, "h2load.log")
            out, cpu, steady, _ = timed(["h2load", "--h1", "-c", "64", "--rps", "100", "-D", str(a.duration), "--log-file", log, url], a.duration)
            done = int(re.search(r"requests: \d+ total, \d+ started, (\d+) done", out).group(1))
            # The log: start (µs since the epoch), status, duration (µs), one request a line.
            lat = sorted(int(line.split()[2]) for line in open(log) if line.strip())
            runs["h2load"].append((done / a.duration, lat[len(lat) // 2], percentile(lat, 99), percentile(lat, 99.9), lat[-1], cpu, done, "-",
                                   done / a.duration / steady))
            for name, dll, extra in variants:
                s, cpu, steady = b.hit(url, ["--rate", "6400", "--max-in-flight", "64", "-d", f"{a.duration}s", *extra], dll=dll, steady_for=a.duration)
                svc = s["latency_us"]
                runs[name].append((s["sent"] / a.duration, svc["p50"], svc["p99"], svc["p999"], svc["max"], cpu, s["requests"],
                                   f"{us(s['dispatch_lag_us']['p50'])} / {us(s['dispatch_lag_us']['p99'])} (response p99 {us(s['response_time_us']['p99'])})",
                                   s["sent"] / a.duration / steady))
    finally:
        b.nginx_stop()
    med = lambda xs: sorted(xs)[len(xs) // 2]
    b.say("Each row: the round with the median requests per CPU-second; the last column lists every round's.")
    b.say()
    b.say("| tool | achieved rps | p50 | p99 | p99.9 | max | CPU s | req per CPU-s | steady req per CPU-s | Barrage lag p50 / p99 | every round (whole run) |")
    b.say("|---|---|---|---|---|---|---|---|---|---|---|")
    per_cpu, per_steady = {}, {}
    for name, rounds in runs.items():
        ranked = sorted(rounds, key=lambda r: r[6] / r[5])
        rps, p50, p99, p999, mx, cpu, n, extra, steady = ranked[len(ranked) // 2]
        per_cpu[name] = med([r[6] / r[5] for r in rounds])
        per_steady[name] = med([r[8] for r in rounds])
        every = ", ".join(f"{r[6] / r[5]:,.0f}" for r in rounds)
        b.say(f"| {name} | {rps:,.0f} | {us(p50)} | {us(p99)} | {us(p999)} | {us(mx)} | {cpu:.2f} | {n / cpu:,.0f} | {per_steady[name]:,.0f} | {extra} | {every} |")
    b.say()
    b.say("Latencies are from the send (h2load measures no other); h2load's percentiles come from its --log-file. "
          "h2load paces each connection by its own 1/rps timer and the 64 start together, so it writes bursts of 64 "
          "requests every 10 ms (its p50 is nginx queueing them); Barrage by default sends each arrival at its instant "
          "(within 0.25 ms), and with --resolution 10ms in the same bursts as h2load.")
    b.say()
    b.say("Steady = the achieved rate over CPU-seconds per second between 2 s after the process started and 1 s before "
          "the run's end: without start-up (a .NET process's runtime, JIT and set-up) and shut-down (summary, store).")
    b.say()
    for name in runs:
        if name != "h2load":
            b.say(f"- {name} / h2load requests per CPU-second (medians): whole run **{per_cpu[name] / per_cpu['h2load']:.2f}**, "
                  f"steady **{per_steady[name] / per_steady['h2load']:.2f}**")


def stall(b):
    a = b.args
    b.header(f"Built-in target, /stall?every=10s&for=1s, {a.rate} rps for {a.duration} s")
    port = a.port + 1
    target = subprocess.Popen(["dotnet", b.dll, "target", "--listen", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            if subprocess.run(["curl", "-fs", f"{base}/"], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        b.say("| max_in_flight | planned | sent | dropped | service p50 | service p99 | response p50 | response p99 | response p99.9 | response max |")
        b.say("|---|---|---|---|---|---|---|---|---|---|")
        for mif in (64, 2000):
            sh(["curl", "-fs", f"{base}/stall?every=10s&for=1s"])  # stall windows: the last second of every 10 s from now
            s, _, _ = b.hit(f"{base}/", ["--rate", str(a.rate), "--max-in-flight", str(mif), "-d", f"{a.duration}s"])
            svc, resp = s["latency_us"], s["response_time_us"]
            b.say(f"| {mif} | {s['planned']:,} | {s['sent']:,} | {s['dropped']:,} | {us(svc['p50'])} | {us(svc['p99'])} | "
                  f"{us(resp['p50'])} | {us(resp['p99'])} | {us(resp['p999'])} | {us(resp['max'])} |")
        sh(["curl", "-fs", f"{base}/stall?off"])
    finally:
        target.terminate()
        target.wait(10)
    b.say()
    b.say("wrk2's expectation for a 1 s stall every 10 s at a constant rate: 10 % of the requests are scheduled inside a "
          "stall and wait for its end, so the response time (from the schedule) has p90 ≈ normal, p99 ≈ 0.9 s, "
          "p99.9 ≈ 0.99 s, max ≈ 1 s. Service time (from the send) sees the stall only for requests actually sent "
          "during it: with max_in_flight 64 those are 64 per stall (≈ 0.2 %, under p99); with 2000 every arrival is "
          "sent on time and service time shows the stall too — the open model keeps sending, as a real crowd does. "
          "Arrivals that wait over late_after (1 s) for a free slot are dropped (net code 777).")


def users(b):
    b.header("Closed model: users: line(1, 50, 20s) const(50, 20s) line(50, 0, 10s), against nginx /small")
    url = b.nginx()
    plan = os.path.join(b.work, "users.yaml")
    open(plan, "w").write(f"""name: users
target: http://127.0.0.1:{b.args.port}
load:
  model: closed
  users: line(1, 50, 20s) const(50, 20s) line(50, 0, 10s)
scenario:
  main:
    - get: /small
""")
    try:
        out, _, _ = timed_cpu(["dotnet", b.dll, "run", plan, "--store", b.store])
    finally:
        b.nginx_stop()

    def planned(t):
        # As UserSchedule.UsersAt: rounded down on the way up, up on the way down.
        if t < 20:
            return math.floor(1 + 49 * t / 20 + 1e-9)
        if t < 40:
            return 50
        if t < 50:
            return math.ceil(50 - 50 * (t - 40) / 10 - 1e-9)
        return 0

    b.say("| second | users shown | planned during that second | within one user |")
    b.say("|---|---|---|---|")
    worst = 0
    for m in re.finditer(r"\[(\d+):(\d+) / [\d:]+\].*?users (\d+) / (\d+)", out):
        second = int(m.group(1)) * 60 + int(m.group(2))
        shown = int(m.group(3))
        # The live view prints whole seconds: the schedule's count anywhere in [s, s + 1) is fair.
        lo = min(planned(second + f / 10) for f in range(10))
        hi = max(planned(second + f / 10) for f in range(10))
        off = max(lo - shown, shown - hi, 0)
        worst = max(worst, off)
        b.say(f"| {second} | {shown} | {lo}–{hi} | {'yes' if off <= 1 else 'NO'} |")
    b.say()
    b.say(f"Largest distance outside the planned band: {worst} user(s). The live view prints elapsed time in whole "
          "seconds, so a second's band spans what the schedule plans within it (about 2.5 users on the ramps).")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["open", "h2load", "stall", "users", "all"])
    ap.add_argument("--dll", help="a published barrage.dll (default: publish this tree)")
    ap.add_argument("--baseline", help="open: another barrage.dll to run the same rates, interleaved")
    ap.add_argument("--rates", default="1000,10000")
    ap.add_argument("--no-max", action="store_true", help="open: skip the search for the highest rate")
    ap.add_argument("--duration", type=int)
    ap.add_argument("--rate", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=3, help="h2load: interleaved rounds (medians are reported)")
    ap.add_argument("--resolutions", default="10ms", help="h2load: the --resolution values run besides the default, comma-separated")
    ap.add_argument("--self-contained", action="store_true",
                    help="h2load: also a self-contained build with one composite ReadyToRun image (runtime and app)")
    ap.add_argument("--port", type=int, default=18090)
    args = ap.parse_args()
    b = Bench(args)
    steps = {"open": (open_model, 10), "h2load": (h2load, 10), "stall": (stall, 30), "users": (users, None)}
    for what in (steps if args.what == "all" else [args.what]):
        fn, default = steps[what]
        given = args.duration
        args.duration = given or default
        fn(b)
        args.duration = given
        b.say()
    b.save(args.what)


if __name__ == "__main__":
    main()
