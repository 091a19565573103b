"""Approximate inference: Bayesian linear models with PyMC, by VI or sampling.

PyMC, PyTensor and ArviZ are imported on the first fit, never here.
"""

from ._inference import (
    ADVI,
    MAP,
    NUTS,
    FullRankADVI,
    InferenceMethod,
    InferenceResult,
)
from ._linear import BayesianLinearRegression, exact_gaussian_posterior
from ._logistic import BayesianLogisticRegression

__all__ = [
    "ADVI",
    "MAP",
    "NUTS",
    "BayesianLinearRegression",
    "BayesianLogisticRegression",
    "FullRankADVI",
    "InferenceMethod",
    "InferenceResult",
    "exact_gaussian_posterior",
]
