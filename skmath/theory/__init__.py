"""Deep learning theory: infinite-width networks as kernels, and CKA.

- :class:`NNGPKernel` and :class:`NTKKernel`: the NNGP and neural tangent
  kernels of fully-connected networks, as scikit-learn GP kernels with
  fittable ``weight_std``/``bias_std``.
- :class:`Activation` (plugins ``"relu"``, ``"erf"``): activations defined
  by their dual; subclass to add one.
- :class:`InfiniteWidthRegressor`: the trained infinitely wide network.
- :func:`cka`, :func:`cka_matrix`: compare representations (layers).

NumPy only: importing this package does not import torch.
"""

from ._activations import Activation, Erf, ReLU
from ._cka import cka, cka_matrix
from ._kernels import NNGPKernel, NTKKernel
from ._regression import InfiniteWidthRegressor

__all__ = [
    "Activation",
    "Erf",
    "InfiniteWidthRegressor",
    "NNGPKernel",
    "NTKKernel",
    "ReLU",
    "cka",
    "cka_matrix",
]
