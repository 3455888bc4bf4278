#!/usr/bin/python3
"""Reads Lull the way a screen reader does: through AT-SPI, with pyatspi.

Run by scripts/a11y-check.sh, which provides the display, a private session bus and an
accessibility bus with accessibility switched on. Starts BINARY with an empty profile (a
first run), then checks its tree by role and name while it drives it like a screen-reader
user would (AT-SPI "click" actions): the welcome page, the safety questions, the library,
and the player of a short routine. Prints the key nodes of each screen; on a failure, says
what was expected and lists what was found.

Usage: a11y_tree.py BINARY
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import pyatspi

# Seconds to wait for each screen (the app appears on the bus within a few seconds).
TIMEOUT = 15
ROUTINE_ID = "cyclic-sigh-reset"

# Roles shown in the summaries and failure listings (text runs and panels are noise).
SHOWN = {
    "frame",
    "heading",
    "push button",
    "toggle button",
    "radio button",
    "check box",
    "progress bar",
    "timer",
    "label",
    "status bar",
}


class Failure(Exception):
    """A check that did not hold."""


def walk(acc, out, depth=0):
    """Appends (role, name, accessible) for `acc` and everything under it."""
    if acc is None or depth > 60:
        return
    try:
        role = acc.getRoleName()
        name = acc.name or ""
        count = acc.childCount
    except Exception:  # a node that went away while we looked
        return
    out.append((role, name, acc))
    for i in range(count):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        walk(child, out, depth + 1)


def find_app(pid):
    """The AT-SPI application of process `pid`, if it is on the bus yet."""
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        try:
            app = desktop.getChildAtIndex(i)
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def listing(nodes, limit=120):
    shown = [f"  {role}: {name!r}" for role, name, _ in nodes if role in SHOWN]
    more = len(shown) - limit
    text = "\n".join(shown[:limit])
    return text + (f"\n  … and {more} more" if more > 0 else "")


class Lull:
    """The app under test, seen through AT-SPI."""

    def __init__(self, binary, profile):
        env = dict(os.environ)
        # The empty profile is the app's only: the AT-SPI side keeps the real folders.
        env["XDG_CONFIG_HOME"] = os.path.join(profile, "config")
        env["XDG_DATA_HOME"] = os.path.join(profile, "data")
        self.log_path = os.path.join(profile, "lull.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [binary], env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.app = None

    def nodes(self):
        if self.app is None:
            self.app = find_app(self.proc.pid)
        if self.app is None:
            return []
        out = []
        walk(self.app, out)
        return out

    def wait_for(self, what, *checks):
        """Waits until every check (role, name) holds, a name ending in '…' being a prefix,
        and the tree is the same on two walks in a row (a screen arrives in several
        updates: a walk in between sees part of it)."""
        deadline = time.monotonic() + TIMEOUT
        nodes = []
        last = None
        while True:
            if self.proc.poll() is not None:
                raise Failure(
                    f"{what}: lull exited with {self.proc.returncode}\n" + self.output()
                )
            nodes = self.nodes()
            missing = [c for c in checks if not any(matches(n, *c) for n in nodes)]
            if nodes and not missing:
                seen = [(r, n) for r, n, _ in nodes]
                if seen == last:
                    return nodes
                last = seen
                time.sleep(0.1)
                continue
            last = None
            if time.monotonic() > deadline:
                if not nodes:
                    raise Failure(
                        f"{what}: after {TIMEOUT} s lull (pid {self.proc.pid}) is not on "
                        "the accessibility bus; applications there: "
                        + ", ".join(app_names())
                    )
                wanted = "\n".join(f"  {r}: {n!r}" for r, n in missing)
                raise Failure(
                    f"{what}: after {TIMEOUT} s these were not found:\n{wanted}\n"
                    f"found:\n{listing(nodes)}"
                )
            time.sleep(0.2)

    def click(self, nodes, role, name):
        """Clicks the node with `role` and `name` through its AT-SPI action."""
        for node in nodes:
            if matches(node, role, name):
                acc = node[2]
                action = acc.queryAction()
                names = [action.getName(i) for i in range(action.nActions)]
                if "click" not in names:
                    raise Failure(f"{role} {name!r} has no click action: {names}")
                action.doAction(names.index("click"))
                return
        raise Failure(f"no {role} {name!r} to click; found:\n{listing(nodes)}")

    def output(self):
        self.log.flush()
        with open(self.log_path) as f:
            return f.read()[-4000:]

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def matches(node, role, name):
    r, n, _ = node
    if r != role:
        return False
    if name.endswith("…"):
        return n.startswith(name[:-1])
    return n == name


def app_names():
    desktop = pyatspi.Registry.getDesktop(0)
    names = []
    for i in range(desktop.childCount):
        try:
            app = desktop.getChildAtIndex(i)
            names.append(f"{app.name!r} (pid {app.get_process_id()})")
        except Exception:
            continue
    return names or ["none"]


def summary(title, nodes, roles=("frame", "heading", "progress bar", "timer")):
    print(f"a11y: {title}")
    for role, name, _ in nodes:
        if role in roles:
            print(f"  {role}: {name!r}")


def first_step_title(binary):
    """The first step's title of the routine, from `lull show --json`."""
    out = subprocess.run(
        [binary, "show", ROUTINE_ID, "--json"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout
    routine = json.loads(out)
    return routine["title"], routine["steps"][0]["title"]


def check(binary):
    title, step = first_step_title(binary)
    with tempfile.TemporaryDirectory() as profile:
        lull = Lull(binary, profile)
        try:
            started = time.monotonic()
            nodes = lull.wait_for(
                "first run",
                ("frame", "Lull"),
                ("heading", "Welcome to Lull"),
                ("heading", "What Lull is not"),
                ("heading", "Not for emergencies"),
                ("push button", "I understand — continue"),
            )
            print(f"a11y: on the bus after {time.monotonic() - started:.1f} s")
            summary("first run", nodes)
            lull.click(nodes, "push button", "I understand — continue")
            nodes = lull.wait_for(
                "safety questions",
                ("heading", "A few questions about your health"),
                ("push button", "None of these:…"),
            )
            for role, name, _ in nodes:
                if role == "push button" and name.startswith("None of these:"):
                    lull.click(nodes, role, name)
            nodes = lull.wait_for(
                "safety questions answered", ("push button", "See what this means")
            )
            # Enabled once every question has an answer.
            deadline = time.monotonic() + TIMEOUT
            while True:
                button = next(
                    n for n in nodes if matches(n, "push button", "See what this means")
                )
                if button[2].getState().contains(pyatspi.STATE_ENABLED):
                    break
                if time.monotonic() > deadline:
                    raise Failure(
                        "'See what this means' stays disabled after every 'None of these'; "
                        f"found:\n{listing(nodes)}"
                    )
                time.sleep(0.2)
                nodes = lull.nodes()
            lull.click(nodes, "push button", "See what this means")
            nodes = lull.wait_for(
                "what the answers mean",
                ("heading", "What this means for you"),
                ("push button", "Go to my routines"),
            )
            lull.click(nodes, "push button", "Go to my routines")
            nodes = lull.wait_for(
                "library",
                ("frame", "Lull"),
                ("heading", title),
                ("push button", f"Start {title}"),
            )
            summary("library (headings, first ones)", nodes[:60])
            lull.click(nodes, "push button", f"Start {title}")
            nodes = lull.wait_for("player", ("frame", f"{title} — Lull"))
            if any(matches(n, "push button", "Not now") for n in nodes):
                # The optional rating before the routine: its scale is there, by name.
                nodes = lull.wait_for("rating prompt", ("radio button", "…"))
                print("a11y: the rating prompt is there; putting it off")
                lull.click(nodes, "push button", "Not now")
            nodes = lull.wait_for(
                "player",
                ("frame", f"{title} — Lull"),
                ("heading", title),
                ("heading", step),
                ("progress bar", "Session progress"),
                ("timer", "Time left in this step: …"),
                ("push button", "Pause"),
                ("label", "Step 1 of …"),
            )
            summary("player", nodes)
        finally:
            lull.close()
    print(f"a11y: pass ({time.monotonic() - started:.1f} s in the app)")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        check(os.path.abspath(sys.argv[1]))
    except Failure as e:
        print(f"a11y: FAIL: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
