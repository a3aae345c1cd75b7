#!/usr/bin/env python3
"""Issue #9's benchmark, one command. A benchmark, not a test: it prints figures and never fails CI.

  bench/cluster.py [--rate 10000] [--duration 30] [--agents 3] [--dll PATH] [--target URL]

Runs the same open-model plan (const(RATE, DURATION), GET /) twice against one target: once in one process,
once as a coordinator with AGENTS `barrage agent` processes on this machine through a local nats-server.
Prints for each: planned, sent, requests, dropped, achieved rate and its distance from the plan, and CPU
seconds (user+sys) of the generator processes; for the cluster, the coordinator's CPU apart from the agents'.
The target is the built-in one (`barrage target`, its own process) unless --target names another.
Figures go to stdout and to bench/results/cluster-<time>.md. Rates and CPU per request hold up on a loaded
machine better than latencies do; say which machine and load the figures came from.

First figures (23 Nov 2026, 2 cores, load average 11 from other builds, 10 s instead of 30 s; re-run on a quiet
machine): at 10 000 rps both reached the plan exactly (100 000 requests, 0 dropped); one process used 5.5 s of
CPU, the three agents 8.0 s together, the coordinator 2.1 s (mostly start-up: JIT, NATS, the store and report).
"""
import argparse, datetime, json, os, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def cpu_seconds(pid):
    """user+sys of a running process, from /proc (clock ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_measured(cmd, log):
    """Runs cmd to its end; returns (exit code, its CPU seconds from wait4)."""
    with open(log, "w") as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(p.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rate", type=int, default=10000)
    ap.add_argument("--duration", type=int, default=30)
    ap.add_argument("--agents", type=int, default=3)
    ap.add_argument("--dll", help="a built barrage.dll (default: build this tree, Release)")
    ap.add_argument("--target", help="the target URL (default: the built-in target in a process of its own)")
    a = ap.parse_args()

    dll = a.dll
    if not dll:
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src/Barrage.Cli"), "-c", "Release", "-v", "q", "-nologo"], check=True,
                       stdout=subprocess.DEVNULL)
        dll = os.path.join(ROOT, "src/Barrage.Cli/bin/Release/net10.0/barrage.dll")
    work = tempfile.mkdtemp(prefix="barrage-cluster-bench-")
    procs = []
    try:
        target = a.target
        if not target:
            tport = free_port()
            procs.append(subprocess.Popen(["dotnet", dll, "target", "--listen", f"127.0.0.1:{tport}"], stdout=subprocess.DEVNULL))
            wait_port(tport)
            target = f"http://127.0.0.1:{tport}/"
        plan = os.path.join(work, "plan.yaml")
        with open(plan, "w") as f:
            f.write(f"name: cluster-bench\ntarget: {target}\nload:\n  model: open\n  schedule: const({a.rate}, {a.duration}s)\n"
                    f"  max_in_flight: 2000\nscenario:\n  main:\n    - get: /\n")
        planned = a.rate * a.duration
        lines = [f"# cluster benchmark {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
                 f"const({a.rate}, {a.duration}s), {a.agents} agents, target {target}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", ""]

        def figures(label, out_dir, cpu, extra=""):
            s = json.load(open(os.path.join(out_dir, "summary.json")))
            rate = s["requests"] / a.duration
            off = (s["requests"] - planned) / planned * 100
            line = (f"{label}: planned {planned}, sent {s.get('sent')}, requests {s['requests']}, dropped {s.get('dropped')}, "
                    f"{rate:.0f} rps ({off:+.2f} % of the plan), CPU {cpu:.1f} s ({cpu / max(1, s['requests']) * 1e6:.1f} µs/request){extra}")
            print(line, flush=True)
            lines.append("- " + line)

        one = os.path.join(work, "one")
        code, cpu = run_measured(["dotnet", dll, "run", plan, "--out", one, "--store", os.path.join(work, "runs.db")], os.path.join(work, "one.log"))
        if code != 0:
            raise SystemExit(f"the one-process run exited {code}: see {work}/one.log")
        figures("one process", one, cpu)

        nport = free_port()
        procs.append(subprocess.Popen(["nats-server", "-a", "127.0.0.1", "-p", str(nport)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_port(nport)
        url = f"nats://127.0.0.1:{nport}"
        agents = [subprocess.Popen(["dotnet", dll, "agent", "--nats", url, "--name", f"a{i + 1}"], stdout=open(os.path.join(work, f"a{i + 1}.log"), "w"),
                                   stderr=subprocess.STDOUT) for i in range(a.agents)]
        procs.extend(agents)
        time.sleep(3)  # the agents connect and announce themselves
        before = [cpu_seconds(p.pid) for p in agents]
        many = os.path.join(work, "cluster")
        code, coordinator = run_measured(["dotnet", dll, "run", plan, "--nats", url, "--agents", str(a.agents), "--out", many,
                                          "--store", os.path.join(work, "runs.db")], os.path.join(work, "cluster.log"))
        if code != 0:
            raise SystemExit(f"the cluster run exited {code}: see {work}/cluster.log")
        agent_cpu = [cpu_seconds(p.pid) - b for p, b in zip(agents, before)]
        figures(f"{a.agents} agents", many, sum(agent_cpu),
                f"; per agent {', '.join(f'{c:.1f} s' for c in agent_cpu)}; coordinator {coordinator:.1f} s")
        lines.append(f"- per agent: {open(os.path.join(many, 'agents.json')).read().replace(chr(10), ' ')}")
        os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
        path = os.path.join(ROOT, f"bench/results/cluster-{datetime.datetime.now():%Y%m%d-%H%M%S}.md")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"written to {path}")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait()


if __name__ == "__main__":
    main()
