"""Deep learning theory: infinite-width networks as kernels, and CKA.

- :class:`NNGPKernel` and :class:`NTKKernel`: the NNGP and neural tangent
  kernels of fully-connected networks, as scikit-learn GP kernels with
  fittable ``weight_std``/``bias_std``.
- :class:`Activation` (plugins ``"relu"``, ``"erf"``): activations defined
  by their dual; subclass to add one, or wrap any ``phi`` in
  :class:`QuadratureActivation`.
- :class:`InfiniteWidthRegressor`: the trained infinitely wide network.
- :func:`cka`, :func:`cka_matrix`: compare representations (layers);
  :class:`CKADisplay` draws them layer by layer for two networks.

NumPy only: importing this package does not import torch.
"""

from ._activations import Activation, Erf, QuadratureActivation, ReLU
from ._cka import cka, cka_matrix
from ._display import CKADisplay
from ._kernels import NNGPKernel, NTKKernel
from ._regression import InfiniteWidthRegressor

__all__ = [
    "Activation",
    "CKADisplay",
    "Erf",
    "InfiniteWidthRegressor",
    "NNGPKernel",
    "NTKKernel",
    "QuadratureActivation",
    "ReLU",
    "cka",
    "cka_matrix",
]
