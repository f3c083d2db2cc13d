"""Progress of the files a build renders, readable at a thousand of them: on a terminal a
bar with the count and the time left (tqdm); otherwise (a log, CI) a line every few
seconds with the same counts, and each file's own line only while there are few.

The words come from the message catalogue (progress.bar, progress.line, progress.output).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from .messages import Message, msg

EVERY = 5.0  # seconds between lines when the output is not a terminal
FEW = 40  # up to this many files, each gets its own line (as before)


class Progress:
    def __init__(self, total: int, say: Callable[[Message | str], None], *, stream=None):
        self.total, self.say, self.done = total, say, 0
        self.started = self.last = time.monotonic()
        stream = stream or sys.stderr
        self.bar = None
        # a bar only when the build prints to a terminal itself (`say` is the CLI's stderr)
        if total > FEW and getattr(stream, "isatty", lambda: False)() and getattr(say, "__name__", "") == "_stderr":
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="", desc=str(msg("progress.bar")), file=stream, leave=False,
                            dynamic_ncols=True, mininterval=0.5)

    def step(self, line: Message | str) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            return
        if self.total <= FEW:
            self.say(line)
            return
        now = time.monotonic()
        if now - self.last >= EVERY or self.done == self.total:
            self.last = now
            spent = now - self.started
            left = spent / self.done * (self.total - self.done)
            self.say(msg("progress.line", done=self.done, total=self.total, seconds=f"{spent:.0f}",
                         left=f"{left:.0f}"))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
