"""Approximate inference: Bayesian linear models with PyMC, by VI or sampling.

PyMC, PyTensor and ArviZ are imported on the first fit, never here.
"""

from ._display import PosteriorDisplay
from ._inference import InferenceMethod, InferenceResult
from ._laplace import MAP
from ._linear import BayesianLinearRegression, exact_gaussian_posterior
from ._logistic import BayesianLogisticRegression
from ._samplers import NUTS
from ._variational import ADVI, FullRankADVI

__all__ = [
    "ADVI",
    "MAP",
    "NUTS",
    "BayesianLinearRegression",
    "BayesianLogisticRegression",
    "FullRankADVI",
    "InferenceMethod",
    "InferenceResult",
    "PosteriorDisplay",
    "exact_gaussian_posterior",
]
