"""Built-in CNN architectures: ``lenet5``, ``vgg_small``, ``resnet_small``.

Each is an :class:`~skmath.cnn.Architecture` parameter object; its torch
module lives in :mod:`skmath.cnn._modules`, imported inside ``build`` so
that this module (and ``import skmath.cnn``) does not import torch.
"""

from __future__ import annotations

from ._base import Architecture, _check_dropout, _check_positive_ints

__all__ = ["LeNet5", "VGGSmall", "ResNetSmall"]


class _BuiltinArchitecture(Architecture):
    """An architecture whose ``_checked()`` returns its validated build kwargs."""

    def _checked(self):
        raise NotImplementedError

    def validate(self):
        """Raise ``ValueError`` on invalid hyperparameters; return ``self``."""
        self._checked()
        return self


class LeNet5(_BuiltinArchitecture):
    """LeNet-5: two conv-ReLU-maxpool stages, then fully connected layers.

    The convolutions are padded ("same"), so the network fits images as small
    as 8x8 (``load_digits``); LeCun et al. (1998) used 32x32 without padding.

    Parameters
    ----------
    channels : tuple of 2 int, default=(6, 16)
        Filters of the two convolutions.
    hidden : tuple of int, default=(120, 84)
        Widths of the fully connected layers before the output layer.
    kernel_size : int, default=5
        Side of the square convolution kernels.
    dropout : float, default=0.0
        Dropout probability before the output layer.

    Examples
    --------
    >>> from skmath.cnn import LeNet5
    >>> net = LeNet5(dropout=0.1).build(n_channels=1, height=8, width=8, n_classes=10)
    >>> type(net).__name__, net.head.out_features
    ('LeNet5Module', 10)
    """

    def __init__(
        self, *, channels=(6, 16), hidden=(120, 84), kernel_size=5, dropout=0.0
    ):
        self.channels = channels
        self.hidden = hidden
        self.kernel_size = kernel_size
        self.dropout = dropout

    def _checked(self):
        return {
            "channels": _check_positive_ints(self, "channels", self.channels, length=2),
            "hidden": _check_positive_ints(self, "hidden", self.hidden),
            "kernel_size": _check_positive_ints(
                self, "kernel_size", self.kernel_size, length=1
            )[0],
            "dropout": _check_dropout(self, self.dropout),
        }

    def build(self, *, n_channels, height, width, n_classes):
        """A LeNet-5 module for ``(n_channels, height, width)`` images."""
        from ._modules import LeNet5Module

        return LeNet5Module(n_channels, height, width, n_classes, **self._checked())


class VGGSmall(_BuiltinArchitecture):
    """A small VGG: blocks of 3x3 conv-batchnorm-ReLU layers, each ending in maxpool.

    Parameters
    ----------
    widths : tuple of int, default=(32, 64)
        Filters of each block (one 2x2 max-pooling per block).
    convs_per_block : int, default=2
        3x3 convolutions per block.
    hidden : int, default=128
        Width of the fully connected layer before the output layer.
    dropout : float, default=0.25
        Dropout probability before each fully connected layer.
    batch_norm : bool, default=True
        Batch normalisation after each convolution.

    Examples
    --------
    >>> from skmath.cnn import VGGSmall
    >>> net = VGGSmall(widths=(8,)).build(n_channels=1, height=8, width=8, n_classes=3)
    >>> net.head.out_features
    3
    """

    def __init__(
        self,
        *,
        widths=(32, 64),
        convs_per_block=2,
        hidden=128,
        dropout=0.25,
        batch_norm=True,
    ):
        self.widths = widths
        self.convs_per_block = convs_per_block
        self.hidden = hidden
        self.dropout = dropout
        self.batch_norm = batch_norm

    def _checked(self):
        return {
            "widths": _check_positive_ints(self, "widths", self.widths),
            "convs_per_block": _check_positive_ints(
                self, "convs_per_block", self.convs_per_block, length=1
            )[0],
            "hidden": _check_positive_ints(self, "hidden", self.hidden, length=1)[0],
            "dropout": _check_dropout(self, self.dropout),
            "batch_norm": bool(self.batch_norm),
        }

    def build(self, *, n_channels, height, width, n_classes):
        """A VGG module for ``(n_channels, height, width)`` images."""
        from ._modules import VGGSmallModule

        return VGGSmallModule(n_channels, height, width, n_classes, **self._checked())


class ResNetSmall(_BuiltinArchitecture):
    """A small residual network (He et al., 2016).

    A 3x3 stem, then one stage of basic residual blocks per entry of
    ``widths``; each stage after the first halves the image with a strided
    convolution; global average pooling gives the features.

    Parameters
    ----------
    widths : tuple of int, default=(32, 64)
        Channels of each stage.
    blocks_per_stage : int, default=2
        Residual blocks per stage; each holds two 3x3 convolutions.
    dropout : float, default=0.0
        Dropout probability before the output layer.

    Examples
    --------
    >>> from skmath.cnn import ResNetSmall
    >>> net = ResNetSmall(widths=(8, 16)).build(
    ...     n_channels=1, height=8, width=8, n_classes=2)
    >>> net.head.in_features
    16
    """

    def __init__(self, *, widths=(32, 64), blocks_per_stage=2, dropout=0.0):
        self.widths = widths
        self.blocks_per_stage = blocks_per_stage
        self.dropout = dropout

    def _checked(self):
        return {
            "widths": _check_positive_ints(self, "widths", self.widths),
            "blocks_per_stage": _check_positive_ints(
                self, "blocks_per_stage", self.blocks_per_stage, length=1
            )[0],
            "dropout": _check_dropout(self, self.dropout),
        }

    def build(self, *, n_channels, height, width, n_classes):
        """A residual module for ``(n_channels, height, width)`` images."""
        from ._modules import ResNetSmallModule

        return ResNetSmallModule(
            n_channels, height, width, n_classes, **self._checked()
        )
