"""Multi-layer perceptrons on PyTorch with pluggable first- and second-order optimizers.

:class:`MLPClassifier` and :class:`MLPRegressor` keep scikit-learn's MLP
parameter names; their ``optimizer`` takes any plugin of :mod:`skmath.optim`.
Importing this module does not import torch.
"""

from ._classifier import MLPClassifier
from ._display import LossCurveDisplay
from ._regressor import MLPRegressor
from ._training import DivergenceWarning

__all__ = ["DivergenceWarning", "LossCurveDisplay", "MLPClassifier", "MLPRegressor"]
