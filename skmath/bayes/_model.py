"""The PyMC models behind the Bayesian estimators, compiled once per structure.

Building a PyMC model and compiling its log density with PyTensor costs seconds;
the sampling or optimisation of these small generalised linear models often
costs less.  So the model is built once per *structure* (linear or logistic,
with or without intercept, fixed or learned noise, number of outputs, prior
class) with its data, sample weights and prior hyper-parameters in ``pm.Data``
containers whose shapes may change, the log density and its gradient are
compiled once, and every later fit of the same structure -- another fold of a
grid search, another prior scale -- only swaps the data in.  The cache lives
in this module, never in a pickled estimator.

An inference plugin sees a :class:`PosteriorProblem`: the PyMC model (for
samplers that want it) and the log density with its gradient over one flat
vector of unconstrained parameters (for optimisers and variational methods),
on all rows or on a minibatch with the likelihood scaled to the full data.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from collections import OrderedDict

import numpy as np

__all__ = ["PosteriorProblem", "get_problem"]

# prior scale of the intercept, on standardised targets / logits
INTERCEPT_SCALE = 10.0
_CACHE_SIZE = 16
_CACHE: OrderedDict = OrderedDict()
_CACHE_LOCK = threading.Lock()
_ANNOUNCED = False
_LOGGER = logging.getLogger("skmath.bayes")


class _CompiledModel:
    """A PyMC model of one structure and its compiled log density + gradient."""

    def __init__(self, kind, fit_intercept, fixed_noise, n_outputs, prior):
        import pymc as pm
        import pytensor

        self.lock = threading.RLock()
        y_init = np.zeros(2, dtype=np.float64 if kind == "linear" else np.int64)
        with pm.Model() as model:
            X = pm.Data("X", np.zeros((2, 1)))
            y = pm.Data("y", y_init)
            weights = pm.Data("weights", np.ones(2))
            loglik_scale = pm.Data("loglik_scale", 1.0)
            hyper = {
                name: pm.Data(f"prior_{name}", value)
                for name, value in prior.hyperparameters().items()
            }
            shape = _var_shape("beta", X.shape[1], n_outputs)
            beta = prior.build("beta", shape, hyper)
            outputs = {"beta": beta}
            eta = X @ beta
            if fit_intercept:
                alpha_shape = _var_shape("alpha", X.shape[1], n_outputs)
                alpha = pm.Normal("alpha", 0.0, INTERCEPT_SCALE, shape=alpha_shape)
                outputs["alpha"] = alpha
                eta = eta + alpha
            if kind == "linear":
                if fixed_noise:
                    sigma = pm.Data("noise_std", 1.0)
                else:
                    sigma = pm.HalfNormal("sigma", 1.0)
                    outputs["sigma"] = sigma
                dist = pm.Normal.dist(eta, sigma)
            elif n_outputs == 1:
                dist = pm.Bernoulli.dist(logit_p=eta)
            else:
                dist = pm.Categorical.dist(logit_p=eta)
            # a Potential rather than an observed variable so that the
            # minibatch scale n / batch_size and the sample weights are data
            pm.Potential("loglik", loglik_scale * (weights * pm.logp(dist, y)).sum())
        self.model = model
        self.value_vars = list(model.value_vars)
        self.names = [v.name for v in self.value_vars]
        logp = model.logp()
        grads = pytensor.grad(logp, self.value_vars)
        with warnings.catch_warnings():
            # PyTensor looks for a BLAS to link its C code to at the first
            # compilation; a pip install has none and it warns at length.
            # Its fallback (NumPy's dot) serves these small models.
            warnings.filterwarnings(
                "ignore", message="PyTensor could not link to a BLAS"
            )
            self.logp_dlogp = pytensor.function(self.value_vars, [logp, *grads])
        self.outputs = list(outputs)
        # priors with latent variables (the horseshoe): beta is a function of
        # several value variables, evaluated draw by draw
        simple = {"beta", "alpha", "sigma_log__"}
        self.constrain_fn = None
        if not set(self.names) <= simple:
            graphs = model.replace_rvs_by_values(list(outputs.values()))
            self.constrain_fn = pytensor.function(self.value_vars, graphs)
        self.data = {v.name: v for v in model.data_vars}
        self.extras = {}
        # the value variables' shapes follow the data (shared variables)
        rvs = [model.values_to_rvs[v] for v in self.value_vars]
        # (Python linker: nothing to compile to C for a few integers)
        self.shapes_fn = pytensor.function(
            [], [rv.shape for rv in rvs], mode="FAST_COMPILE"
        )


def _compiled(key, prior, verbose=0):
    global _ANNOUNCED
    with _CACHE_LOCK:
        entry = _CACHE.get(key)
        if entry is not None:
            _CACHE.move_to_end(key)
            return entry
    # the first compilation in a process is the slow one (PyTensor builds its
    # C modules): say so, once, and how long it took
    first, _ANNOUNCED = not _ANNOUNCED, True
    level = logging.INFO if first else logging.DEBUG
    what = (f"{key[0]} model ({'intercept, ' if key[1] else ''}"
            f"{key[3]} output(s), {key[4].__name__})")
    _say(level, verbose, f"compiling the PyMC {what}; later fits of this "
         "model structure in this process reuse it")
    start = time.perf_counter()
    entry = _CompiledModel(*key[:-1], prior)
    _say(level, verbose, f"compiled the PyMC {what} in "
         f"{time.perf_counter() - start:.1f} s")
    with _CACHE_LOCK:
        entry = _CACHE.setdefault(key, entry)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return entry


def _say(level, verbose, message):
    _LOGGER.log(level, message)
    if verbose:
        print(f"[skmath.bayes] {message}", flush=True)


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

    def __init__(self, entry, X, y, *, sample_weight=None, prior_params=None,
                 noise_std=None):
        self._entry = entry
        self.model = entry.model
        self.names = list(entry.names)
        self.X = np.asarray(X, dtype=np.float64)
        # pm.Data may store integer labels as int32
        self.y = np.asarray(y, dtype=entry.data["y"].type.dtype)
        self.n_samples = X.shape[0]
        if sample_weight is None:
            sample_weight = np.ones(self.n_samples)
        self.sample_weight = np.asarray(sample_weight, dtype=np.float64)
        self._values = {f"prior_{k}": v for k, v in (prior_params or {}).items()}
        if noise_std is not None:
            self._values["noise_std"] = float(noise_std)
        with entry.lock:
            entry.data["X"].set_value(np.zeros((2, self.X.shape[1])))
            self.shapes = [tuple(int(n) for n in s) for s in entry.shapes_fn()]
        self.sizes = [int(np.prod(s)) for s in self.shapes]
        self._splits = np.cumsum(self.sizes)[:-1]
        self.n_params = int(sum(self.sizes))
        self._batch = False

    def __enter__(self):
        self._entry.lock.acquire()
        self._set_full()
        for name, value in self._values.items():
            self._entry.data[name].set_value(np.asarray(value, dtype=np.float64))
        return self

    def __exit__(self, *exc):
        # do not keep the data alive in the module-level cache
        X = np.zeros((2, self.X.shape[1]))
        self._set(X, np.zeros(2, dtype=self.y.dtype), np.ones(2), 1.0)
        self._entry.lock.release()

    def _set(self, X, y, weights, scale):
        data = self._entry.data
        data["X"].set_value(X)
        data["y"].set_value(y)
        data["weights"].set_value(weights)
        data["loglik_scale"].set_value(np.asarray(scale, dtype=np.float64))

    def _set_full(self):
        self._set(self.X, self.y, self.sample_weight, 1.0)
        self._batch = False

    def data_values(self):
        """The model's data (``pm.Data`` name -> value) for this problem,
        for samplers that copy the model (nutpie's ``with_data``)."""
        values = {
            "X": self.X, "y": self.y, "weights": self.sample_weight,
            "loglik_scale": np.asarray(1.0),
        }
        values.update(
            (name, np.asarray(value, dtype=np.float64))
            for name, value in self._values.items()
        )
        return values

    def cached(self, name, build):
        """``build()`` once per compiled model structure (a sampler's own
        compilation of the model, say); later problems of the structure get
        the same object."""
        extras = self._entry.extras
        if name not in extras:
            extras[name] = build()
        return extras[name]

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
        self._set(self.X[rows], self.y[rows], self.sample_weight[rows],
                  self.n_samples / len(rows))
        self._batch = True
        return self._logp_grad(z)

    def constrain(self, draws):
        """Flat unconstrained draws ``(..., n_params)`` -> dict of model variables.

        Log-transformed variables (``sigma_log__``) come back as ``sigma``;
        only the weights ``beta``, ``alpha`` and ``sigma`` are returned (a
        prior's latent variables are not).
        """
        draws = np.asarray(draws, dtype=np.float64)
        lead = draws.shape[:-1]
        if self._entry.constrain_fn is not None:
            flat = draws.reshape(-1, draws.shape[-1])
            values = [self._entry.constrain_fn(*self.unravel(z)) for z in flat]
            out = {}
            for i, name in enumerate(self._entry.outputs):
                stacked = np.stack([v[i] for v in values])
                out[name] = stacked.reshape(lead + stacked.shape[1:])
            return out
        parts = np.split(draws, self._splits, axis=-1)
        out = {}
        for name, part, shape in zip(self.names, parts, self.shapes):
            part = part.reshape(lead + shape)
            if name.endswith("_log__"):
                out[name[: -len("_log__")]] = np.exp(part)
            else:
                out[name] = part
        return out


def get_problem(kind, X, y, *, fit_intercept, n_outputs, prior, noise_std,
                sample_weight=None, verbose=0):
    """The posterior problem of this data, on the cached model of its structure.

    ``prior`` is a validated :class:`~skmath.bayes.Prior`; models are cached
    per prior class, its numeric parameters are data.
    """
    key = (kind, bool(fit_intercept), noise_std is not None, int(n_outputs),
           type(prior))
    entry = _compiled(key, prior, verbose)
    return PosteriorProblem(
        entry, X, y, sample_weight=sample_weight,
        prior_params=prior.hyperparameters(), noise_std=noise_std,
    )
