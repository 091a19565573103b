"""Verbose training output that reads well on a terminal and in a log file.

One helper for every estimator that reports per-iteration progress (the
MLPs, :class:`~skmath.cnn.CNNClassifier`, the Bayesian estimators' VI and
NUTS).  On an interactive terminal it may draw a tqdm bar whose postfix shows
the latest values; anywhere else (a file, a pipe, a CI log, a notebook cell
captured to text) it writes one plain line per iteration, like
scikit-learn's ``Iteration 3, loss = 0.41231876``: no carriage returns, no
ANSI escape codes, so ``grep`` and ``tail -f`` work on the log.
"""

from __future__ import annotations

import os
import sys

__all__ = ["ProgressLog", "format_values", "is_terminal"]


def is_terminal(stream):
    """Whether ``stream`` is an interactive terminal that can redraw a bar."""
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # a closed stream
        return False


def format_values(values):
    """``"loss = 0.41231876, valid_loss = 0.5"`` from a mapping (floats: 8 decimals)."""
    parts = []
    for key, value in values.items():
        if isinstance(value, float):
            value = f"{value:.8f}"
        parts.append(f"{key} = {value}")
    return ", ".join(parts)


class ProgressLog:
    """Per-iteration progress: a tqdm bar on a terminal, plain lines elsewhere.

    Parameters
    ----------
    verbose : bool or int
        Nothing is written when false.
    total : int, default=None
        Expected number of iterations (for the bar).
    desc : str, default=""
        Bar description (terminal only).
    label : str, default="Iteration"
        First word of each plain line: ``"{label} {n}, {values}"``.
    stream : file-like, default=None
        Where to write; ``sys.stdout`` at the time of writing when None (so
        redirections and pytest's capture apply).
    bar : bool, default=None
        Force (True) or forbid (False) the tqdm bar; None: a bar exactly when
        ``stream`` is a terminal.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> with ProgressLog(verbose=True, total=2, stream=out) as log:
    ...     log.step(1, loss=0.5)
    ...     log.step(2, loss=0.25)
    ...     log.write("Training loss did not improve. Stopping.")
    >>> print(out.getvalue(), end="")
    Iteration 1, loss = 0.50000000
    Iteration 2, loss = 0.25000000
    Training loss did not improve. Stopping.
    """

    def __init__(
        self, *, verbose, total=None, desc="", label="Iteration", stream=None, bar=None
    ):
        self.enabled = bool(verbose)
        self.label = label
        self._stream = stream
        self._bar = None
        if self.enabled and (is_terminal(self.stream) if bar is None else bar):
            from tqdm.auto import tqdm

            self._bar = tqdm(total=total, desc=desc, file=self.stream, leave=True)

    @property
    def stream(self):
        return sys.stdout if self._stream is None else self._stream

    def step(self, n, **values):
        """Report iteration ``n`` with its values (``loss=...``, ...)."""
        if not self.enabled:
            return
        text = format_values(values)
        if self._bar is not None:
            self._bar.update(n - self._bar.n)
            self._bar.set_postfix_str(text, refresh=True)
        else:
            self.write(f"{self.label} {n}, {text}" if text else f"{self.label} {n}")

    def write(self, message):
        """A line of its own (a stopping reason, a validation score, ...)."""
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            self.stream.write(message + "\n")
            self.stream.flush()

    def close(self):
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
