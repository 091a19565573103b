"""skmath: the mathematics behind deep learning as scikit-learn estimators.

Five subpackages, one per concept, loaded on first access so that
``import skmath`` stays light (no torch, no PyMC):

- :mod:`skmath.linear_model`: linear algebra, ``LinearRegression`` with
  pluggable solvers.
- :mod:`skmath.optim` and :mod:`skmath.neural_network`: optimization, MLPs on
  PyTorch with pluggable first- and second-order optimizers.
- :mod:`skmath.cnn`: convolutional architectures, ``CNNClassifier``.
- :mod:`skmath.bayes`: approximate inference with PyMC (ADVI, NUTS).
- :mod:`skmath.theory`: infinite-width kernels (NNGP, NTK) and CKA.
"""

import importlib

__version__ = "0.1.0.dev0"

SUBPACKAGES = (
    "linear_model",
    "optim",
    "neural_network",
    "cnn",
    "bayes",
    "theory",
    "datasets",
    "plugins",
    "utils",
)

__all__ = ["__version__", "SUBPACKAGES", *SUBPACKAGES]


def __getattr__(name):
    if name in SUBPACKAGES:
        return importlib.import_module(f"skmath.{name}")
    raise AttributeError(f"module 'skmath' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(SUBPACKAGES))
