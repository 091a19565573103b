"""skorch pieces of :class:`~skmath.cnn.CNNClassifier` (imports skorch and torch).

Imported inside ``CNNClassifier.fit`` only.  The callback classes are module
level so a fitted ``net_`` pickles.
"""

from __future__ import annotations

import math

from skorch.callbacks import Callback, LRScheduler
from torch.optim import lr_scheduler

__all__ = ["FiniteLoss", "LR_SCHEDULES", "silent"]


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
