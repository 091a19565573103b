"""Machinery shared by the Bayesian estimators: validation, standardisation,
inference through a plugin, and the posterior kept as plain arrays."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils._param_validation import Interval

from .. import plugins
from ..utils._params import store_params
from ..utils._random import int_seed
from ._inference import InferenceMethod
from ._model import get_problem


def _scale_or_one(values):
    values = np.asarray(values, dtype=np.float64)
    return np.where(values > 1e-12 * max(1.0, float(np.max(values, initial=0))),
                    values, 1.0)


def _standardise(values, fit_intercept):
    """Per-column ``offset`` and ``scale`` (scalars for 1-D ``values``).

    With an intercept: mean and standard deviation; without: zero and the
    root mean square.  Scales that are (nearly) zero become 1.
    """
    if fit_intercept:
        offset = values.mean(axis=0)
        scale = _scale_or_one(values.std(axis=0))
    else:
        offset = np.zeros(values.shape[1:])
        scale = _scale_or_one(np.sqrt((values * values).mean(axis=0)))
    return offset, scale


class _BayesianGLM(BaseEstimator):
    """Base class: a generalised linear model whose posterior a plugin approximates."""

    _parameter_constraints: dict = {
        "inference": [str, InferenceMethod, type],
        "prior_scale": [Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "n_iter": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "draws": [Interval(Integral, 1, None, closed="left")],
        "tune": [Interval(Integral, 0, None, closed="left")],
        "chains": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
        "progressbar": ["boolean"],
    }
    _kind = None

    __init__ = store_params(
        inference="advi",
        prior_scale=1.0,
        fit_intercept=True,
        n_iter=20000,
        learning_rate=0.01,
        draws=1000,
        tune=1000,
        chains=2,
        batch_size=None,
        random_state=None,
        progressbar=False,
    )

    def _resolve_inference(self):
        method = plugins.resolve(
            "inference",
            self.inference,
            param="inference",
            base=InferenceMethod,
            n_iter=self.n_iter,
            learning_rate=self.learning_rate,
            draws=self.draws,
            tune=self.tune,
            chains=self.chains,
            progressbar=self.progressbar,
        )
        if self.batch_size is not None and not method.supports_minibatch:
            raise ValueError(
                f"batch_size={self.batch_size} needs an inference method that "
                f"supports minibatches (e.g. 'advi', 'fullrank_advi'); "
                f"{type(method).__name__} does not"
            )
        return method

    def _run(self, Xs, y, *, n_outputs, noise_std=None):
        """Run the inference plugin on standardised data; return the result."""
        self.inference_ = self._resolve_inference()
        problem = get_problem(
            self._kind,
            Xs,
            y,
            fit_intercept=self.fit_intercept,
            n_outputs=n_outputs,
            prior_scale=self.prior_scale,
            noise_std=noise_std,
        )
        seed = int_seed(self.random_state)
        with problem:
            result = self.inference_.fit(
                problem, random_state=seed, batch_size=self.batch_size
            )
        for name, values in result.posterior.items():
            if not np.all(np.isfinite(values)):
                raise FloatingPointError(
                    f"{type(self.inference_).__name__} returned non-finite "
                    f"posterior draws of {name!r}; the inference diverged"
                )
        self.loss_ = result.loss
        self.converged_ = result.converged
        self.n_iter_ = result.n_iter
        self.diagnostics_ = result.diagnostics
        return result

    def _keep_draws(self, coef, intercept):
        """Flatten the ``(chains, draws, ...)`` draws; set ``coef_``, ``coef_std_``."""
        self._coef_draws = coef.reshape(-1, *coef.shape[2:])
        self._intercept_draws = intercept.reshape(-1, *intercept.shape[2:])
        self.coef_ = self._coef_draws.mean(axis=0)
        self.coef_std_ = self._coef_draws.std(axis=0)

    def _make_idata(self, posterior, sample_stats, dims):
        import arviz as az

        try:
            return az.from_dict(
                posterior=posterior, sample_stats=sample_stats, dims=dims
            )
        except TypeError:  # ArviZ >= 1: one dict of groups, returns a DataTree
            groups = {"posterior": posterior}
            if sample_stats:
                groups["sample_stats"] = sample_stats
            return az.from_dict(groups, dims=dims)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        return tags
