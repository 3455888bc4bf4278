#!/usr/bin/env python3
"""Fault soak: Lull killed at random moments, and writing into a file size limit, for real.

Run by scripts/fault-soak.sh (`make faults`) under Xvfb. In one private home folder:
- the app (the binary given) playing a routine is killed with SIGKILL after a random
  time: while it starts, recovers the sessions earlier kills cut short, checkpoints
  the session, plays;
- the command line is killed at random moments while it imports a routine over another
  (`lull routine import --replace`) or exports a routine to a WAV file;
- the command line exports with the file size limited (`prlimit --fsize`), with SIGXFSZ
  ignored (the write fails: "File too large") and not (the process is killed by it);
- the app starts with the history file over the size limit, so its appends fail.
After every run: the settings and safety answers parse and hold what they held; every line
of the history parses; every routine file parses (`lull check`) and none is gone; the WAV
file is the earlier one or a whole new one. At the end the app starts once more, and every
session any run left a checkpoint for is in the history, once. Prints the counts; exits 1
at the first broken invariant.

Usage: fault_soak.py BINARY [KILLS] (KILLS: app and command-line kills, default 200)
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import wave

BIN = os.path.abspath(sys.argv[1])
KILLS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
SEED = int(os.environ.get("SOAK_SEED", "20261205"))
rng = random.Random(SEED)

home = tempfile.mkdtemp(prefix="lull-soak-")
config = os.path.join(home, "config", "lull")
data = os.path.join(home, "data", "lull")
routines = os.path.join(data, "routines")
out_dir = os.path.join(home, "out")
for d in (config, routines, out_dir):
    os.makedirs(d, exist_ok=True)
env = dict(os.environ)
env.update(
    XDG_CONFIG_HOME=os.path.join(home, "config"),
    XDG_DATA_HOME=os.path.join(home, "data"),
    XDG_CACHE_HOME=os.path.join(home, "cache"),
    HOME=home,
    # No sound card: Lull plays silently with one notice (quicker, and no device needed).
    ALSA_CONFIG_PATH=os.path.join(home, "alsa.conf"),
)
with open(os.path.join(home, "alsa.conf"), "w") as f:
    f.write("pcm.!default { type null }\n")

today = time.strftime("%Y-%m-%d")
SAFETY = (
    f'questionnaire_version = 2\nanswered_on = "{today}"\n\n[answers]\nconditions = []\n'
    "avoid_areas = []\ncleared_by_clinician = []\nskip_breath_holds = false\n\n"
    f'[today]\ndate = "{today}"\nunwell = false\n'
)
SETTINGS = 'version = 3\nemergency_number = "112"\n[audio.voice]\non = false\n'
with open(os.path.join(config, "safety.toml"), "w") as f:
    f.write(SAFETY)
with open(os.path.join(config, "settings.toml"), "w") as f:
    f.write(SETTINGS)

# Two versions of one routine of the user's, imported in turn over each other.
def bundled(id_):
    for root, _, files in os.walk(os.path.join(os.path.dirname(__file__), "..", "assets", "routines")):
        for name in files:
            if name == f"{id_}.toml":
                with open(os.path.join(root, name)) as f:
                    return f.read()
    sys.exit(f"soak: no bundled routine {id_}")


base = bundled("box-breathing").replace('id = "box-breathing"', 'id = "my-box"', 1)
VERSIONS = []
for i, title in enumerate(("My box, first", "My box, second")):
    path = os.path.join(home, f"my-box-{i}.toml")
    text = base.replace('title = "Box breathing"', f'title = "{title}"', 1)
    assert text != base, "the routine's title line was not found"
    with open(path, "w") as f:
        f.write(text)
    VERSIONS.append((path, title))

counts = dict(app_kills=0, cli_kills=0, fsize_runs=0, history_limit_runs=0, checks=0)
checkpointed = set()


def fail(msg):
    print(f"fault-soak: FAILED after {counts}: {msg}")
    print(f"fault-soak: the folder is kept at {home}")
    sys.exit(1)


def history_ids(path=None):
    """Every line of the history parses; returns the session ids (with repeats)."""
    path = path or os.path.join(data, "history.jsonl")
    if not os.path.exists(path):
        return []
    ids = []
    with open(path, "rb") as f:
        raw = f.read()
    for n, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            fail(f"history line {n} does not parse: {line[:80]!r}")
        if entry.get("type", "session") == "session" and "id" in entry:
            ids.append(entry["id"])
    return ids


def note_checkpoints():
    for name in os.listdir(data):
        if name.startswith("session-") and name.endswith(".inprogress.json"):
            try:
                with open(os.path.join(data, name)) as f:
                    checkpointed.add(json.load(f)["id"])
            except (ValueError, KeyError, OSError) as e:
                fail(f"checkpoint {name} is half-written: {e}")


def check(export_before=None):
    counts["checks"] += 1
    for name, want in (("safety.toml", SAFETY), ("settings.toml", SETTINGS)):
        path = os.path.join(config, name)
        try:
            with open(path, "rb") as f:
                tomllib.load(f)
        except (OSError, tomllib.TOMLDecodeError) as e:
            fail(f"{name}: {e}")
        if name == "safety.toml":
            with open(path) as f:
                if f.read() != want:
                    fail("the safety answers changed")
    history_ids()
    note_checkpoints()
    for name in os.listdir(config) + os.listdir(data):
        if ".corrupt-" in name:
            fail(f"a file was found half-written and kept aside: {name}")
    mine = [n for n in os.listdir(routines) if n.endswith(".toml")]
    if mine:
        checked = subprocess.run([BIN, "check", *(os.path.join(routines, n) for n in mine)],
                                 env=env, capture_output=True, text=True)
        if checked.returncode != 0:
            fail(f"lull check: {checked.stdout}{checked.stderr}")
    if had_routine[0] and "my-box.toml" not in mine:
        fail(f"the routine my-box is gone: {mine}")
    if "my-box.toml" in mine:
        had_routine[0] = True
    wav = os.path.join(out_dir, "night.wav")
    if os.path.exists(wav):
        try:
            with wave.open(wav) as w:
                frames = w.getnframes()
                if os.path.getsize(wav) != 80 + frames * 4:
                    fail(f"night.wav is {os.path.getsize(wav)} bytes for {frames} frames")
        except (wave.Error, EOFError) as e:
            if export_before is None or open(wav, "rb").read() != export_before:
                fail(f"night.wav is neither whole nor the earlier file: {e}")


had_routine = [False]


def start_app(extra_env=None, args=("play", "box-breathing")):
    e = dict(env)
    if extra_env:
        e.update(extra_env)
    return subprocess.Popen([BIN, *args], env=e, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def kill_after(proc, secs):
    time.sleep(secs)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def app_kill():
    kill_after(start_app(), rng.uniform(0.05, 4.0))
    counts["app_kills"] += 1
    check()


def cli_kill():
    if rng.random() < 0.5:
        path, _ = VERSIONS[rng.randrange(2)]
        proc = subprocess.Popen([BIN, "routine", "import", "--replace", path], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kill_after(proc, rng.uniform(0.0, 0.4))
        counts["cli_kills"] += 1
        check()
    else:
        wav = os.path.join(out_dir, "night.wav")
        before = open(wav, "rb").read() if os.path.exists(wav) else None
        proc = subprocess.Popen([BIN, "export", "box-breathing", "--no-voice", "--out", wav],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kill_after(proc, rng.uniform(0.0, 3.0))
        counts["cli_kills"] += 1
        check(before)


def fsize_run(ignore):
    wav = os.path.join(out_dir, "night.wav")
    before = open(wav, "rb").read() if os.path.exists(wav) else None
    limit = rng.randrange(1, 4_000_000)
    trap = "trap '' XFSZ; " if ignore else ""
    cmd = (f"{trap}exec prlimit --fsize={limit} \"$0\" export box-breathing --no-voice "
           f"--out \"$1\"")
    temps = {n for n in os.listdir(out_dir) if ".lull-tmp" in n}
    run = subprocess.run(["sh", "-c", cmd, BIN, wav], env=env, capture_output=True, text=True)
    counts["fsize_runs"] += 1
    if ignore and run.returncode != 0:
        # Refused with a clear line naming the file, not a panic.
        if "night.wav" not in run.stderr or "panicked" in run.stderr:
            fail(f"an export over the size limit said: {run.stderr!r}")
    if ignore:
        left = [n for n in os.listdir(out_dir) if ".lull-tmp" in n and n not in temps]
        if left:
            fail(f"a failed export left {left}")
    check(before)


def history_limit_run():
    """The app starts with history.jsonl already over its file size limit: the recovery
    of the last killed session cannot append, and must leave the file as it was."""
    path = os.path.join(data, "history.jsonl")
    size = os.path.getsize(path) if os.path.exists(path) else 0
    before = open(path, "rb").read() if size else b""
    limit = max(size, 1)
    proc = subprocess.Popen(["sh", "-c", f"trap '' XFSZ; exec prlimit --fsize={limit} \"$0\" play box-breathing", BIN],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_after(proc, rng.uniform(1.5, 3.0))
    counts["history_limit_runs"] += 1
    after = open(path, "rb").read() if os.path.exists(path) else b""
    if after != before:
        fail("an append over the size limit changed the history")
    check()


start = time.time()
subprocess.run([BIN, "routine", "import", VERSIONS[0][0]], env=env, check=True,
               capture_output=True)
check()
plan = ["app"] * (KILLS // 2) + ["cli"] * (KILLS - KILLS // 2)
plan += ["fsize-ignored"] * 10 + ["fsize-killed"] * 10 + ["history-limit"] * 5
rng.shuffle(plan)
for step in plan:
    {"app": app_kill, "cli": cli_kill,
     "fsize-ignored": lambda: fsize_run(True), "fsize-killed": lambda: fsize_run(False),
     "history-limit": history_limit_run}[step]()

# A last start recovers what the last kill cut short; then every session a checkpoint held
# is in the history, once.
kill_after(start_app(args=()), 4.0)
note_checkpoints()
listed = subprocess.run([BIN, "history", "--json"], env=env, capture_output=True, text=True)
if listed.returncode != 0:
    fail(f"lull history --json: {listed.stderr}")
sessions = json.loads(listed.stdout)
if isinstance(sessions, dict):
    sessions = sessions.get("sessions", [])
ids = [s["id"] for s in sessions]
if len(ids) != len(set(ids)):
    fail("a session is in the history twice")
left = [n for n in os.listdir(data) if n.endswith(".inprogress.json")]
lost = sorted(checkpointed - set(ids))
if lost:
    fail(f"{len(lost)} checkpointed sessions are not in the history: {lost[:5]} (left: {left})")
faults = counts["app_kills"] + counts["cli_kills"] + counts["fsize_runs"] + counts["history_limit_runs"]
print(f"fault-soak: {faults} faults injected ({counts['app_kills']} app kills, "
      f"{counts['cli_kills']} command-line kills, {counts['fsize_runs']} exports over a size "
      f"limit, {counts['history_limit_runs']} app starts over a size limit), "
      f"{counts['checks']} checks, {len(checkpointed)} sessions checkpointed, "
      f"{len(ids)} in the history, data lost 0, in {time.time() - start:.0f} s (seed {SEED})")
shutil.rmtree(home, ignore_errors=True)
