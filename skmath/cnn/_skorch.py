"""skorch pieces of :class:`~skmath.cnn.CNNClassifier` (imports skorch and torch).

Imported inside ``CNNClassifier.fit`` only.  The callback classes are module
level so a fitted ``net_`` pickles.
"""

from __future__ import annotations

import math

from skorch.callbacks import Callback, LRScheduler
from torch.optim import lr_scheduler

from ..utils._progress import ProgressLog

__all__ = ["EpochLog", "FiniteLoss", "LR_SCHEDULES", "silent"]


def silent(*args, **kwargs):
    """A ``sink`` for skorch callbacks that prints nothing."""


class FiniteLoss(Callback):
    """Stop training with a clear error as soon as a training loss is nan or inf."""

    def on_batch_end(self, net, batch=None, training=None, loss=None, **kwargs):
        if not training or loss is None:
            return
        value = float(loss.detach()) if hasattr(loss, "detach") else float(loss)
        if not math.isfinite(value):
            epoch = len(net.history)
            raise FloatingPointError(
                f"training diverged: the training loss became {value} in "
                f"epoch {epoch}; lower lr, pick another optimizer or scale X "
                "(e.g. pixel values to [0, 1])"
            )


class EpochLog(Callback):
    """One line per epoch through :class:`~skmath.utils._progress.ProgressLog`.

    Replaces skorch's ``PrintLog`` (a table with ANSI colour codes) and
    ``ProgressBar`` (``\r`` redraws): plain ``Epoch 3, train_loss = ...``
    lines in a file or pipe, a tqdm bar over epochs on a terminal.
    """

    _keys = ("train_loss", "valid_loss", "valid_acc", "dur")

    def __init__(self, total=None, stream=None):
        self.total = total
        self.stream = stream

    def on_train_begin(self, net, **kwargs):
        self.log_ = ProgressLog(
            verbose=True,
            total=self.total,
            desc="CNNClassifier",
            label="Epoch",
            stream=self.stream,
        )

    def on_epoch_end(self, net, **kwargs):
        row = net.history[-1]
        values = {k: float(row[k]) for k in self._keys if k in row}
        self.log_.step(int(row["epoch"]), **values)

    def on_train_end(self, net, **kwargs):
        n_epochs = len(net.history)
        if self.total is not None and n_epochs < self.total:
            self.log_.write(
                f"Early stopping after {n_epochs} of {self.total} epochs: the "
                "monitored loss stopped improving."
            )
        self.log_.close()
        del self.log_  # a terminal's tqdm bar does not pickle


def _cosine(*, max_epochs, n_batches, lr, monitor):
    return LRScheduler(policy=lr_scheduler.CosineAnnealingLR, T_max=max_epochs)


def _onecycle(*, max_epochs, n_batches, lr, monitor):
    return LRScheduler(
        policy=lr_scheduler.OneCycleLR,
        max_lr=lr,
        total_steps=max_epochs * n_batches,
        step_every="batch",
    )


def _plateau(*, max_epochs, n_batches, lr, monitor):
    return LRScheduler(
        policy=lr_scheduler.ReduceLROnPlateau, monitor=monitor, factor=0.5, patience=2
    )


#: ``lr_schedule`` names -> factory of the skorch ``LRScheduler`` callback
LR_SCHEDULES = {"cosine": _cosine, "onecycle": _onecycle, "plateau": _plateau}
