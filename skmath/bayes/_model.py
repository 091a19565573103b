"""The PyMC models behind the Bayesian estimators, compiled once per structure.

Building a PyMC model and compiling its log density with PyTensor costs seconds;
the sampling or optimisation of these small generalised linear models often
costs less.  So the model is built once per *structure* (linear or logistic,
with or without intercept, fixed or learned noise, number of outputs) with its
data and prior hyper-parameters in ``pm.Data`` containers whose shapes may
change, the log density and its gradient are compiled once, and every later fit
of the same structure -- another fold of a grid search, another ``prior_scale``
-- only swaps the data in.  The cache lives in this module, never in a
pickled estimator.

An inference plugin sees a :class:`PosteriorProblem`: the PyMC model (for
samplers that want it) and the log density with its gradient over one flat
vector of unconstrained parameters (for optimisers and variational methods),
on all rows or on a minibatch with the likelihood scaled to the full data.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

__all__ = ["PosteriorProblem", "get_problem"]

# prior scale of the intercept, on standardised targets / logits
INTERCEPT_SCALE = 10.0
_CACHE_SIZE = 16
_CACHE: OrderedDict = OrderedDict()
_CACHE_LOCK = threading.Lock()


class _CompiledModel:
    """A PyMC model of one structure and its compiled log density + gradient."""

    def __init__(self, kind, fit_intercept, fixed_noise, n_outputs):
        import pymc as pm
        import pytensor

        self.lock = threading.RLock()
        y_init = np.zeros(2, dtype=np.float64 if kind == "linear" else np.int64)
        with pm.Model() as model:
            X = pm.Data("X", np.zeros((2, 1)))
            y = pm.Data("y", y_init)
            loglik_scale = pm.Data("loglik_scale", 1.0)
            prior_scale = pm.Data("prior_scale", 1.0)
            shape = _var_shape("beta", X.shape[1], n_outputs)
            beta = pm.Normal("beta", 0.0, prior_scale, shape=shape)
            eta = X @ beta
            if fit_intercept:
                alpha_shape = _var_shape("alpha", X.shape[1], n_outputs)
                alpha = pm.Normal("alpha", 0.0, INTERCEPT_SCALE, shape=alpha_shape)
                eta = eta + alpha
            if kind == "linear":
                if fixed_noise:
                    sigma = pm.Data("noise_std", 1.0)
                else:
                    sigma = pm.HalfNormal("sigma", 1.0)
                dist = pm.Normal.dist(eta, sigma)
            elif n_outputs == 1:
                dist = pm.Bernoulli.dist(logit_p=eta)
            else:
                dist = pm.Categorical.dist(logit_p=eta)
            # a Potential rather than an observed variable so that the
            # minibatch scale n / batch_size is data, not a compile-time int
            pm.Potential("loglik", loglik_scale * pm.logp(dist, y).sum())
        self.model = model
        self.value_vars = list(model.value_vars)
        self.names = [v.name for v in self.value_vars]
        logp = model.logp()
        grads = pytensor.grad(logp, self.value_vars)
        self.logp_dlogp = pytensor.function(self.value_vars, [logp, *grads])
        self.data = {v.name: v for v in model.data_vars}


def _compiled(key):
    with _CACHE_LOCK:
        entry = _CACHE.get(key)
        if entry is not None:
            _CACHE.move_to_end(key)
            return entry
    entry = _CompiledModel(*key)
    with _CACHE_LOCK:
        entry = _CACHE.setdefault(key, entry)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return entry


def _var_shape(name, n_features, n_outputs):
    if name == "beta":
        return (n_features,) if n_outputs == 1 else (n_features, n_outputs)
    if name == "alpha":
        return () if n_outputs == 1 else (n_outputs,)
    return ()


class PosteriorProblem:
    """A posterior to approximate: what every inference plugin receives.

    Parameters are the model's value variables in unconstrained space
    (``beta``, ``alpha``, ``sigma_log__``), raveled into one vector of length
    :attr:`n_params`.  Use it inside ``with problem:`` (the estimator does) so
    that concurrent fits sharing the compiled model do not mix their data.

    Attributes
    ----------
    model : pymc.Model
        The PyMC model with this problem's data set (for samplers).
    names : list of str
        Names of the value variables, in raveled order.
    n_params : int
        Length of the flat parameter vector.
    n_samples : int
        Number of rows of the full data.
    """

    def __init__(self, entry, X, y, *, n_outputs, prior_scale, noise_std=None):
        self._entry = entry
        self.model = entry.model
        self.names = list(entry.names)
        self.X = np.asarray(X, dtype=np.float64)
        # pm.Data may store integer labels as int32
        self.y = np.asarray(y, dtype=entry.data["y"].type.dtype)
        self.n_samples = X.shape[0]
        self._prior_scale = float(prior_scale)
        self._noise_std = noise_std
        self.shapes = [_var_shape(n, X.shape[1], n_outputs) for n in self.names]
        self.sizes = [int(np.prod(s)) for s in self.shapes]
        self._splits = np.cumsum(self.sizes)[:-1]
        self.n_params = int(sum(self.sizes))
        self._batch = False

    def __enter__(self):
        self._entry.lock.acquire()
        self._set_full()
        values = {"prior_scale": self._prior_scale}
        if self._noise_std is not None:
            values["noise_std"] = float(self._noise_std)
        for name, value in values.items():
            self._entry.data[name].set_value(np.asarray(value, dtype=np.float64))
        return self

    def __exit__(self, *exc):
        # do not keep the data alive in the module-level cache
        X = np.zeros((2, self.X.shape[1]))
        self._set(X, np.zeros(2, dtype=self.y.dtype), 1.0)
        self._entry.lock.release()

    def _set(self, X, y, scale):
        data = self._entry.data
        data["X"].set_value(X)
        data["y"].set_value(y)
        data["loglik_scale"].set_value(np.asarray(scale, dtype=np.float64))

    def _set_full(self):
        self._set(self.X, self.y, 1.0)
        self._batch = False

    def unravel(self, z):
        """Split a flat vector into one array per value variable."""
        parts = np.split(np.asarray(z, dtype=np.float64), self._splits)
        return [p.reshape(s) for p, s in zip(parts, self.shapes)]

    def initial_point(self):
        """Zero in unconstrained space: the prior mode of the weights."""
        return np.zeros(self.n_params)

    def _logp_grad(self, z):
        out = self._entry.logp_dlogp(*self.unravel(z))
        return float(out[0]), np.concatenate([np.ravel(g) for g in out[1:]])

    def logp_grad(self, z):
        """Log posterior density (up to a constant) and its gradient at ``z``."""
        if self._batch:
            self._set_full()
        return self._logp_grad(z)

    def logp_grad_batch(self, z, rows):
        """Minibatch estimate: the likelihood of ``rows`` scaled by n / len(rows)."""
        self._set(self.X[rows], self.y[rows], self.n_samples / len(rows))
        self._batch = True
        return self._logp_grad(z)

    def constrain(self, draws):
        """Flat unconstrained draws ``(..., n_params)`` -> dict of model variables.

        Log-transformed variables (``sigma_log__``) come back as ``sigma``.
        """
        draws = np.asarray(draws, dtype=np.float64)
        lead = draws.shape[:-1]
        parts = np.split(draws, self._splits, axis=-1)
        out = {}
        for name, part, shape in zip(self.names, parts, self.shapes):
            part = part.reshape(lead + shape)
            if name.endswith("_log__"):
                out[name[: -len("_log__")]] = np.exp(part)
            else:
                out[name] = part
        return out


def get_problem(kind, X, y, *, fit_intercept, n_outputs, prior_scale, noise_std):
    """The posterior problem of this data, on the cached model of its structure."""
    key = (kind, bool(fit_intercept), noise_std is not None, int(n_outputs))
    entry = _compiled(key)
    return PosteriorProblem(
        entry, X, y, n_outputs=n_outputs, prior_scale=prior_scale, noise_std=noise_std
    )
