"""The torch modules behind the built-in architectures (imports torch).

Only :mod:`skmath.cnn._architectures` imports this module, inside
``build``, so ``import skmath.cnn`` stays free of torch.  Every module has a
``features`` part (image -> flat penultimate features) and a linear ``head``
(features -> class logits); that split is what ``CNNClassifier.transform``
returns.

The sizes adapt to small inputs: a pooling or strided step halves a spatial
dimension only while it is at least 2 pixels, so an 8x8 digit, a 28x28
image and even a 1x2 "image" (two flat features) all build.
"""

from __future__ import annotations

from torch import nn

__all__ = ["LeNet5Module", "VGGSmallModule", "ResNetSmallModule"]


def _halve(size):
    # size after a 2-stride step with ceil mode (1 stays 1)
    return (size + 1) // 2


def _pool(height, width):
    return nn.MaxPool2d((min(2, height), min(2, width)), ceil_mode=True)


class _Classifier(nn.Module):
    """``head(features(x))``: logits; ``features`` ends in a flat vector."""

    def forward(self, x):
        return self.head(self.features(x))


class LeNet5Module(_Classifier):
    """LeCun et al. (1998): conv-pool-conv-pool then three fully connected layers."""

    def __init__(
        self,
        n_channels,
        height,
        width,
        n_classes,
        *,
        channels,
        hidden,
        kernel_size,
        dropout,
    ):
        super().__init__()
        c1, c2 = channels
        pad = kernel_size // 2
        layers = [nn.Conv2d(n_channels, c1, kernel_size, padding=pad), nn.ReLU()]
        layers.append(_pool(height, width))
        height, width = _halve(height), _halve(width)
        layers += [nn.Conv2d(c1, c2, kernel_size, padding=pad), nn.ReLU()]
        layers.append(_pool(height, width))
        height, width = _halve(height), _halve(width)
        layers.append(nn.Flatten())
        size = c2 * height * width
        for units in hidden:
            layers += [nn.Linear(size, units), nn.ReLU()]
            size = units
        if dropout:
            layers.append(nn.Dropout(dropout))
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(size, n_classes)


class VGGSmallModule(_Classifier):
    """Simonyan & Zisserman (2015) in miniature: blocks of 3x3 convs, then pooling."""

    def __init__(
        self,
        n_channels,
        height,
        width,
        n_classes,
        *,
        widths,
        convs_per_block,
        hidden,
        dropout,
        batch_norm,
    ):
        super().__init__()
        layers = []
        in_channels = n_channels
        for out_channels in widths:
            for _ in range(convs_per_block):
                layers.append(
                    nn.Conv2d(
                        in_channels, out_channels, 3, padding=1, bias=not batch_norm
                    )
                )
                if batch_norm:
                    layers.append(nn.BatchNorm2d(out_channels))
                layers.append(nn.ReLU())
                in_channels = out_channels
            layers.append(_pool(height, width))
            height, width = _halve(height), _halve(width)
        layers.append(nn.Flatten())
        size = in_channels * height * width
        if dropout:
            layers.append(nn.Dropout(dropout))
        layers += [nn.Linear(size, hidden), nn.ReLU()]
        if dropout:
            layers.append(nn.Dropout(dropout))
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(hidden, n_classes)


class BasicBlock(nn.Module):
    """He et al. (2016): ``relu(x + F(x))`` with F two 3x3 conv-batchnorm layers."""

    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(
            in_channels, out_channels, 3, stride=stride, padding=1, bias=False
        )
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        if stride != (1, 1) or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))


class ResNetSmallModule(_Classifier):
    """A small residual network: a 3x3 stem, stages of basic blocks, global pooling."""

    def __init__(
        self,
        n_channels,
        height,
        width,
        n_classes,
        *,
        widths,
        blocks_per_stage,
        dropout,
    ):
        super().__init__()
        layers = [
            nn.Conv2d(n_channels, widths[0], 3, padding=1, bias=False),
            nn.BatchNorm2d(widths[0]),
            nn.ReLU(),
        ]
        in_channels = widths[0]
        for stage, out_channels in enumerate(widths):
            for block in range(blocks_per_stage):
                stride = (1, 1)
                if stage > 0 and block == 0:
                    stride = (2 if height >= 2 else 1, 2 if width >= 2 else 1)
                    height, width = _halve(height), _halve(width)
                layers.append(BasicBlock(in_channels, out_channels, stride))
                in_channels = out_channels
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        if dropout:
            layers.append(nn.Dropout(dropout))
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(in_channels, n_classes)
