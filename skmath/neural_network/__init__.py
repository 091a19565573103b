"""Multi-layer perceptrons on PyTorch with pluggable first- and second-order optimizers.

:class:`MLPClassifier` and :class:`MLPRegressor` keep scikit-learn's MLP
parameter names; their ``optimizer`` takes any plugin of :mod:`skmath.optim`.
Importing this module does not import torch.
"""

from ._multilayer import DivergenceWarning, MLPClassifier, MLPRegressor

__all__ = ["MLPClassifier", "MLPRegressor", "DivergenceWarning"]
