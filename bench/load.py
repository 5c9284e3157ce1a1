"""What else the machine was doing while a benchmark ran, and what our own
processes spent: two cores are shared with other work, so a rate alone does
not tell a slow change from a busy machine.

`Watch` samples os.getloadavg() before and during a run, and reads the CPU
time of the processes it is told are ours (the server's process group, the
PostgreSQL backends serving the scratch database, the load generator) and of
the whole machine (/proc/stat). What the machine spent beyond ours is
`others_cpu_pct` (100 = one whole core busy with something else; it also
holds the kernel's own network work for our loopback traffic, which no
process is charged for); our processes' CPU per request is the most
repeatable figure of a run."""

import os
import threading
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    """User + system seconds of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _machine_busy() -> float:
    """Seconds all cores spent busy since boot (everything but idle and iowait)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICK


def group_pids(pgid: int) -> set[int]:
    """Processes in a process group (a server started in its own session: the master and its workers)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                pids.add(int(entry.name))
    return pids


def named_pids(name: str) -> set[int]:
    """Processes whose command is `name` (a shared service such as redis-server)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    pids.add(int(entry.name))
            except OSError:
                continue
    return pids


def backend_pids(database_url: str) -> set[int]:
    """PostgreSQL backends connected to the database of this URL (this machine's server)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(database_url, autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                                [name]).fetchall()
    except psycopg.Error:
        return set()
    return {pid for (pid,) in rows}


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Watch:
    """with Watch({"app": fn, "db": fn, ...}) as watch: …  then watch.report(requests).

    Each fn returns the pids of one part of our work; they are asked at the start and at the end, and a
    process seen only at the end counts from zero (it started during the run)."""

    def __init__(self, parts: dict, interval: float = 1.0):
        self.parts, self.interval = parts, interval
        self.samples: list[float] = []
        self._stop = threading.Event()

    def _cpu(self) -> dict[str, dict[int, float]]:
        return {name: {pid: _process_cpu(pid) for pid in pids()} for name, pids in self.parts.items()}

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self):
        self.load_before = _load()
        self.start_cpu = self._cpu()
        self.start_busy, self.started = _machine_busy(), time.monotonic()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.started
        self.busy = _machine_busy() - self.start_busy
        end = {name: {pid: _process_cpu(pid) for pid in pids() | set(self.start_cpu[name])}
               for name, pids in self.parts.items()}
        self.spent = {name: sum(max(0.0, cpu - self.start_cpu[name].get(pid, 0.0)) for pid, cpu in pids.items())
                      for name, pids in end.items()}
        self._stop.set()
        self._thread.join()
        self.load_after = _load()

    def load(self) -> dict:
        """The "load" key of a report line: load averages before and during, the others' CPU share."""
        during = self.samples or [self.load_after[0]]
        ours = sum(self.spent.values())
        return {"before": self.load_before, "during_max_1m": round(max(during), 2),
                "during_mean_1m": round(sum(during) / len(during), 2), "after": self.load_after,
                "cores": os.cpu_count(),
                "others_cpu_pct": round(100 * max(0.0, self.busy - ours) / self.seconds, 1)}

    def cpu_ms_per_request(self, requests: int) -> dict:
        return {name: round(1000 * spent / max(1, requests), 3) for name, spent in self.spent.items()}
