"""Convolutional networks as scikit-learn classifiers, with pluggable architectures.

:class:`CNNClassifier` trains a torch module through skorch and owns what
skorch leaves to the user: input validation, image shapes, label encoding
and seeding.  The network comes from an architecture plugin:

============== =================== ==========================================
name           class               idea
============== =================== ==========================================
lenet5         :class:`LeNet5`     conv-pool-conv-pool, fully connected head
vgg_small      :class:`VGGSmall`   stacked 3x3 convolutions with batch norm
resnet_small   :class:`ResNetSmall` residual blocks, global average pooling
============== =================== ==========================================

A third party registers its own :class:`Architecture` subclass with
``skmath.plugins.register("architectures", name, cls)`` or the
``skmath.architectures`` entry-point group.  Importing this module does not
import torch or skorch.
"""

from ._architectures import LeNet5, ResNetSmall, VGGSmall
from ._base import Architecture
from ._classifier import CNNClassifier

__all__ = ["Architecture", "CNNClassifier", "LeNet5", "ResNetSmall", "VGGSmall"]
