"""The load test's CPU accounting (lasttest/cpu.py): what a process tree
spent, children that have ended included, so that "cores needed" is what
the services really used."""

import subprocess
import sys

from lasttest import cpu

RECHNEN = "import time\nende = time.process_time() + {s}\nwhile time.process_time() < ende: pass\n"

# A child that keeps a core busy for 0.4 s of CPU, after a grandchild that
# does the same and ends (its time moves into the child's cutime), then says
# so and waits.
ARBEIT = f"""
import subprocess, sys
subprocess.run([sys.executable, "-c", {RECHNEN.format(s=0.4)!r}], check=True)
{RECHNEN.format(s=0.4)}
print("fertig", flush=True)
time.sleep(30)
"""


def test_baum_zaehlt_beendete_kinder_mit():
    with subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", ARBEIT], stdout=subprocess.PIPE, text=True
    ) as prozess:
        try:
            vorher = cpu.baum_sekunden({"baum": prozess.pid, "weg": None})
            # However busy the machine, measured once the work is done.
            assert prozess.stdout.readline().strip() == "fertig"
            nachher = cpu.baum_sekunden({"baum": prozess.pid, "weg": None})
        finally:
            prozess.kill()
    # Both the child's own 0.4 s and its ended grandchild's 0.4 s count.
    assert nachher["baum"] - vorher["baum"] >= 0.7
    assert nachher["weg"] == 0.0


def test_beendeter_lastgenerator_zaehlt_ueber_die_eigenen_kinder():
    vorher = cpu.kinder_sekunden()
    subprocess.run([sys.executable, "-c", RECHNEN.format(s=0.3)], check=True)  # noqa: S603
    assert cpu.kinder_sekunden() - vorher >= 0.25
    assert cpu.kerne() >= 1
