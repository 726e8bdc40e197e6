"""Profile the served rerun: ``streamlit run app.py`` in this process, with every script run
(each session's script thread) profiled by cProfile and the stats merged, while
``bench_load`` drives learners through the websocket protocol.

    python bench/profile_served.py [--learners 5] [--top 40]

AppTest profiles (``bench_pages.py --profile``) miss what only a served run pays (the
websocket messages, the forward-message queue, the session's threads); this is the served
app. Prints the functions with the most cumulative time inside the script runs.
"""

from __future__ import annotations

import argparse
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

SERVER = """
import cProfile, sys, threading
from streamlit.runtime.scriptrunner import script_runner
_original = script_runner.ScriptRunner._run_script
_lock = threading.Lock()
_profiles = []
_out = sys.argv.pop(1)

def _profiled(self, *args, **kwargs):
    profile = cProfile.Profile()
    profile.enable()
    try:
        return _original(self, *args, **kwargs)
    finally:
        profile.disable()
        with _lock:
            _profiles.append(profile)
            if len(_profiles) % 10 == 0:
                import pstats
                stats = pstats.Stats(_profiles[0])
                for more in _profiles[1:]:
                    stats.add(more)
                stats.dump_stats(_out)

script_runner.ScriptRunner._run_script = _profiled
from streamlit.web import cli
sys.exit(cli.main())
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=5)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--save", type=Path, help="keep the merged stats there (pstats file)")
    args = parser.parse_args()
    import bench_load

    from tests.e2e.server import free_port

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "served.prof"
        port = free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "CARNET_DB_PATH": str(Path(tmp) / "c.sqlite3"),
            "DATABASE_URL": "",
            "ALLIANCES_TILES": "none",
            "ALLIANCES_GEOCODER": "off",
        }
        command = [sys.executable, "-c", SERVER, str(out), "run", str(ROOT / "app.py")]
        command += ["--server.headless", "true", "--server.port", str(port)]
        command += ["--server.enableStaticServing", "true", "--server.fileWatcherType", "none"]
        command += ["--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            import urllib.request

            while True:
                try:
                    urllib.request.urlopen(url + "/_stcore/health", timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            target = bench_load.Target("app", url, [server.pid], None)
            bench_load.run_load(target, "stress", 1, seed=1)  # warm-up
            result = bench_load.run_load(target, "stress", args.learners, seed=2)
            print(bench_load.report([result]), file=sys.stderr)
            time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=20)
        if args.save:
            args.save.write_bytes(out.read_bytes())
        stats = pstats.Stats(str(out))
        stats.sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
