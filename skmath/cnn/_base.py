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

    Examples
    --------
    A one-convolution network, registered under a name of its own:

    >>> from torch import nn
    >>> from sklearn.datasets import load_digits
    >>> from skmath import plugins
    >>> from skmath.cnn import Architecture, CNNClassifier
    >>> class OneConvNet(nn.Module):
    ...     def __init__(self, n_channels, height, width, n_classes, filters):
    ...         super().__init__()
    ...         self.features = nn.Sequential(
    ...             nn.Conv2d(n_channels, filters, 3, padding=1), nn.ReLU(),
    ...             nn.Flatten())
    ...         self.head = nn.Linear(filters * height * width, n_classes)
    ...     def forward(self, x):
    ...         return self.head(self.features(x))
    >>> class OneConv(Architecture):
    ...     def __init__(self, *, filters=4):
    ...         self.filters = filters
    ...     def build(self, *, n_channels, height, width, n_classes):
    ...         return OneConvNet(n_channels, height, width, n_classes, self.filters)
    >>> _ = plugins.register("architectures", "one_conv", OneConv)
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(architecture="one_conv", max_epochs=1, n_jobs=1,
    ...                     random_state=0).fit(X[:100] / 16, y[:100])
    >>> clf.transform(X[:3] / 16).shape
    (3, 256)
    >>> clf.set_params(architecture=OneConv(filters=2)).fit(X[:100] / 16, y[:100])
    CNNClassifier(...)
    >>> clf.transform(X[:3] / 16).shape
    (3, 128)
    >>> plugins.registry("architectures").unregister("one_conv")
    """

    def build(self, *, n_channels, height, width, n_classes):
        """A freshly initialised ``torch.nn.Module`` for these data sizes."""
        raise NotImplementedError

    def validate(self):
        """Raise ``ValueError`` on invalid hyperparameters; return ``self``.

        ``CNNClassifier.fit`` calls it before any other work.
        """
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
