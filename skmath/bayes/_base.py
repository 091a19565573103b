"""Machinery shared by the Bayesian estimators: parameters, validation,
(weighted) standardisation, prior and inference through plugins, the
posterior kept as plain arrays, and its ArviZ form and summary."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import _check_sample_weight, check_is_fitted

from .. import plugins
from ..utils._params import store_params
from ..utils._random import int_seed
from ._idata import make_idata, store_log_likelihood, summary_frame
from ._inference import InferenceMethod
from ._model import get_problem
from ._priors import Prior


def _scale_or_one(values):
    values = np.asarray(values, dtype=np.float64)
    return np.where(values > 1e-12 * max(1.0, float(np.max(values, initial=0))),
                    values, 1.0)


def _standardise(values, fit_intercept, sample_weight=None):
    """Per-column ``offset`` and ``scale`` (scalars for 1-D ``values``).

    With an intercept: mean and standard deviation; without: zero and the
    root mean square (weighted by ``sample_weight``, so that integer weights
    standardise like repeated rows).  Scales that are (nearly) zero become 1.
    """
    if sample_weight is not None:
        w = sample_weight.reshape((-1,) + (1,) * (values.ndim - 1))
        offset = np.zeros(values.shape[1:])
        if fit_intercept:
            offset = np.average(values, axis=0, weights=sample_weight)
        centred = values - offset
        ms = (w * centred * centred).sum(axis=0) / sample_weight.sum()
        return offset, _scale_or_one(np.sqrt(ms))
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
        "prior": [str, Prior, type],
        "prior_scale": [Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "n_iter": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "draws": [Interval(Integral, 1, None, closed="left")],
        "tune": [Interval(Integral, 0, None, closed="left")],
        "chains": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), None],
        "log_likelihood": [StrOptions({"auto"}), "boolean"],
        "posterior_predictive": ["boolean"],
        "random_state": ["random_state"],
        "progressbar": ["boolean"],
        "verbose": ["verbose"],
    }
    _kind = None

    __init__ = store_params(
        inference="advi",
        prior="normal",
        prior_scale=1.0,
        fit_intercept=True,
        n_iter=20000,
        learning_rate=0.01,
        draws=1000,
        tune=1000,
        chains=2,
        batch_size=None,
        log_likelihood="auto",
        posterior_predictive=False,
        random_state=None,
        progressbar=False,
        verbose=0,
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

    def _resolve_prior(self):
        prior = plugins.resolve(
            "priors", self.prior, param="prior", base=Prior, scale=self.prior_scale
        )
        prior.validate()
        return prior

    def _check_sample_weight(self, sample_weight, X):
        if sample_weight is None:
            return None
        return _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )

    def _run(self, Xs, y, *, n_outputs, noise_std=None, sample_weight=None):
        """Run the inference plugin on standardised data; return the result."""
        self.inference_ = self._resolve_inference()
        self.prior_ = self._resolve_prior()
        problem = get_problem(
            self._kind,
            Xs,
            y,
            fit_intercept=self.fit_intercept,
            n_outputs=n_outputs,
            prior=self.prior_,
            noise_std=noise_std,
            sample_weight=sample_weight,
            verbose=self.verbose,
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

    def _keep_draws(self, coef, intercept, point=None):
        """Keep the ``(chains, draws, ...)`` draws flat; set ``coef_``, ``coef_std_``.

        ``point`` is ``(coef, intercept)`` at the mode when the method returns
        one (MAP): then ``coef_`` is the mode, and the draws only serve the
        predictive distribution and the standard deviations.
        """
        self._coef_draws = coef.reshape(-1, *coef.shape[2:])
        self._intercept_draws = intercept.reshape(-1, *intercept.shape[2:])
        self.coef_std_ = self._coef_draws.std(axis=0)
        if point is None:
            self.coef_ = self._coef_draws.mean(axis=0)
            return self._intercept_draws.mean(axis=0)
        self.coef_ = np.asarray(point[0], dtype=np.float64)
        return np.asarray(point[1], dtype=np.float64)

    def _feature_labels(self):
        names = getattr(self, "feature_names_in_", None)
        if names is None:
            return [f"x{j}" for j in range(self.n_features_in_)]
        return [str(n) for n in names]

    def _store_idata(self, posterior, *, coords, dims, y, loglik_fn, predictive_fn,
                     sample_stats):
        """Set ``idata_``: posterior, observed data, pointwise log likelihood."""
        n_draws = int(np.prod(next(iter(posterior.values())).shape[:2]))
        log_lik = None
        if store_log_likelihood(self.log_likelihood, n_draws, len(y)):
            log_lik = {"y": loglik_fn()}
        predictive = {"y": predictive_fn()} if self.posterior_predictive else None
        self.idata_ = make_idata(
            posterior, coords=coords, dims=dims, observed={"y": y},
            log_likelihood=log_lik, posterior_predictive=predictive,
            sample_stats=sample_stats,
        )
        self._chain_shape = next(iter(posterior.values())).shape[:2]

    def summary(self, level=0.95):
        """Posterior summary table, one row per coefficient (by feature name).

        Parameters
        ----------
        level : float, default=0.95
            Mass of the equal-tailed credible interval.

        Returns
        -------
        pandas.DataFrame
            ``mean``, ``sd``, the interval bounds, and for samplers
            (``inference="nuts"``, ...) ``r_hat``, ``ess_bulk``, ``ess_tail``;
            variational and Laplace draws are independent draws from an
            approximation, for which those diagnostics mean nothing.
        """
        check_is_fitted(self)
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        draws, index = self._summary_draws()
        return summary_frame(
            draws, index=index, is_sampler=self.inference_.is_sampler, level=level
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        return tags
