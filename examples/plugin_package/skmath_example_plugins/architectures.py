"""An architecture plugin: the smallest useful CNN, one convolution and a head.

An architecture derives from :class:`skmath.cnn.Architecture`: ``__init__``
stores its hyperparameters (grid-searchable as ``architecture__filters``),
``build(n_channels=, height=, width=, n_classes=)`` returns a fresh
``torch.nn.Module`` mapping a float32 batch ``(n, C, H, W)`` to logits
``(n, n_classes)``.  Submodules named ``features`` and ``head`` with
``forward(x) == head(features(x))`` let ``CNNClassifier.transform`` return the
learned features.  torch is imported inside ``build`` only, and the module is
made of torch's own classes, so a fitted classifier pickles.
"""

from collections import OrderedDict

from skmath.cnn import Architecture
from skmath.utils._torch import import_torch


class TinyCNN(Architecture):
    """Conv 3x3 -> ReLU -> 2x2 max-pool -> linear classifier.

    Parameters
    ----------
    filters : int, default=8
        Number of convolution filters.
    """

    def __init__(self, filters=8):
        self.filters = filters

    def validate(self):
        if not isinstance(self.filters, int) or self.filters < 1:
            raise ValueError(
                f"TinyCNN: filters must be an int >= 1, got {self.filters!r}"
            )
        return self

    def build(self, *, n_channels, height, width, n_classes):
        nn = import_torch().nn
        self.validate()
        features = nn.Sequential(
            nn.Conv2d(n_channels, self.filters, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
        )
        n_features = self.filters * (height // 2) * (width // 2)
        head = nn.Linear(n_features, n_classes)
        return nn.Sequential(OrderedDict(features=features, head=head))
