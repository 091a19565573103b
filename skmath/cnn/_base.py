"""The architecture plugin protocol (no torch import here)."""

from __future__ import annotations

import numbers

from ..plugins import Plugin

__all__ = ["Architecture"]


class Architecture(Plugin):
    """Base class of CNN architecture plugins.

    An architecture is a parameter object (``get_params``/``set_params``, so
    ``GridSearchCV`` reaches ``architecture__dropout``) with one method,
    :meth:`build`, that returns a fresh ``torch.nn.Module`` sized from the
    data.  The module maps a float32 batch of shape ``(n, C, H, W)`` to class
    logits of shape ``(n, n_classes)``.  If it has a ``features`` submodule
    and a ``head`` such that ``forward(x) == head(features(x))``,
    :meth:`CNNClassifier.transform <skmath.cnn.CNNClassifier.transform>`
    returns ``features(x)``; otherwise it returns the input of the last
    ``torch.nn.Linear`` layer.

    Register a third-party architecture with
    ``skmath.plugins.register("architectures", "my_net", MyNet)`` or the
    ``skmath.architectures`` entry-point group.
    """

    def build(self, *, n_channels, height, width, n_classes):
        """A freshly initialised ``torch.nn.Module`` for these data sizes."""
        raise NotImplementedError

    def validate(self):
        """Raise ``ValueError`` on invalid hyperparameters; return ``self``."""
        return self


def _check_positive_ints(owner, name, values, *, length=None):
    values = (values,) if isinstance(values, numbers.Integral) else values
    try:
        values = tuple(values)
    except TypeError:
        raise TypeError(
            f"{type(owner).__name__}: {name} must be a positive int or a tuple of "
            f"them, got {values!r}"
        ) from None
    bad = [
        v
        for v in values
        if not isinstance(v, numbers.Integral) or isinstance(v, bool) or v < 1
    ]
    if bad or not values or (length is not None and len(values) != length):
        need = f"{length} positive ints" if length else "positive ints"
        raise ValueError(
            f"{type(owner).__name__}: {name} must be {need}, got {values!r}"
        )
    return tuple(int(v) for v in values)


def _check_dropout(owner, dropout):
    if not isinstance(dropout, numbers.Real) or not 0 <= dropout < 1:
        raise ValueError(
            f"{type(owner).__name__}: dropout must be in [0, 1), got {dropout!r}"
        )
    return float(dropout)
