#!/usr/bin/env python3
"""Stream set-up and new streams per second through a held bench, with each process's CPU.

For A/B runs of a change to the per-stream path: start `bin/devstreams-bench --hold`, run this
several times (the hub and the clients take thousands of streams to be fully compiled: compare the
last runs of each build, and the hub's CPU against the agent's and forward's, which drift with the
machine), stop the bench, rebuild, and again.

Usage: bench/scripts/setup-ab.py BENCH_DIR [STREAMS]
  BENCH_DIR  the directory the held bench printed (it holds endpoints.properties)
  STREAMS    streams per phase (default 1500): first one after the other, then 4 clients at once
"""
import os
import socket
import subprocess
import sys
import threading
import time


def endpoints(bench_dir):
    found = {}
    with open(os.path.join(bench_dir, "endpoints.properties")) as f:
        for line in f:
            if "=" in line:
                key, value = line.strip().split("=", 1)
                found[key] = value
    return found


def cpu_seconds(pid):
    with open("/proc/%s/stat" % pid) as f:
        fields = f.read().split(")")[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def listener_pid(port):
    out = subprocess.run(
        ["ss", "-Hltnp", "sport = :%d" % port], capture_output=True, text=True
    ).stdout
    marker = out.find("pid=")
    return out[marker + 4 :].split(",")[0] if marker >= 0 else None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    found = endpoints(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
    host, port = found["devstreams.echo"].split(":")
    port = int(port)
    pids = {
        "hub": found["devstreams.relay.pids"].split()[0],
        "agent": found["devstreams.device.pids"].split()[0],
        "forward": listener_pid(port),
    }

    def one():
        start = time.perf_counter()
        s = socket.create_connection((host, port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(b"x")
        if s.recv(1) != b"x":
            sys.exit("setup-ab: the echo did not answer")
        s.close()
        return (time.perf_counter() - start) * 1000

    def cpu():
        return {name: cpu_seconds(pid) for name, pid in pids.items()}

    def per_stream(before, after, n):
        return ", ".join(
            "%s %.2f" % (k, (after[k] - before[k]) * 1000 / n) for k in pids
        )

    for _ in range(200):
        one()
    before = cpu()
    times = sorted(one() for _ in range(count))
    after = cpu()
    print(
        "one after the other: set-up p50 %.2f ms, p90 %.2f, p99 %.2f; CPU ms per stream: %s"
        % (
            times[count // 2],
            times[int(count * 0.9)],
            times[int(count * 0.99)],
            per_stream(before, after, count),
        )
    )

    left = [count]
    lock = threading.Lock()

    def client():
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            one()

    before = cpu()
    start = time.perf_counter()
    clients = [threading.Thread(target=client) for _ in range(4)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    elapsed = time.perf_counter() - start
    after = cpu()
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(
        "4 clients: %.0f new streams/s; CPU ms per stream: %s; load %s"
        % (count / elapsed, per_stream(before, after, count), load)
    )


if __name__ == "__main__":
    main()
