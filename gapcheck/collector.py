"""Python's cycle collector, paused while a file or a check becomes objects.

A check makes a few hundred thousand short-lived objects (cells, rows, features, the matcher's
candidates, result.json's document, the outputs' rows), none of them in a reference cycle:
reference counting frees them. The cycle collector would still scan every live object again and
again while they are made, which cost a fifth to a third of a check. Paused, it catches up on
whatever cycles there are once the work is done.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block (also as a decorator); nested blocks leave it to the outer one."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
