"""Approximate inference: Bayesian linear models with PyMC, by VI or sampling.

PyMC, PyTensor and ArviZ are imported on the first fit, never here.
"""

from ._display import PosteriorDisplay
from ._inference import InferenceMethod, InferenceResult
from ._laplace import MAP
from ._linear import BayesianLinearRegression, exact_gaussian_posterior
from ._logistic import BayesianLogisticRegression
from ._priors import (
    HorseshoePrior,
    LaplacePrior,
    NormalPrior,
    Prior,
    StudentTPrior,
)
from ._samplers import NUTS, Nutpie
from ._variational import ADVI, FullRankADVI

__all__ = [
    "ADVI",
    "MAP",
    "NUTS",
    "Nutpie",
    "BayesianLinearRegression",
    "BayesianLogisticRegression",
    "FullRankADVI",
    "HorseshoePrior",
    "InferenceMethod",
    "InferenceResult",
    "LaplacePrior",
    "NormalPrior",
    "PosteriorDisplay",
    "Prior",
    "StudentTPrior",
    "exact_gaussian_posterior",
]
