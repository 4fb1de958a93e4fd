"""Writer for the durability test: appends audit events and acknowledges each one.

Prints ``ack SEQ`` only after the transaction holding event SEQ has committed
(synchronous=FULL), so every printed number must survive a SIGKILL.
"""

import sys

from core.workspace import Workspace

home, user, password = sys.argv[1:4]
ws = Workspace.open(home, user, password)
print("ready", flush=True)
i = 0
while True:
    i += 1
    event = ws.audit.record("case.open", "case", f"case-{i}", {"i": i})
    print(f"ack {event.seq}", flush=True)
