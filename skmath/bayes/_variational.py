"""Variational inference plugins: mean-field and full-rank ADVI.

The variational methods optimise the ELBO with reparameterised Monte Carlo
gradients and Adam in NumPy on top of the log-density gradient PyMC compiles
once per model structure (PyMC's own ``pm.fit`` recompiles its step function
on every call).  Convergence is judged on the parameters, not the loss: the
averages of the variational parameters over two successive windows of
iterations must agree to ``tol`` (means in units of the current posterior
standard deviation, log standard deviations absolutely; root mean square over
the parameters, and no single one off by more than ``2.5 * tol``).  On a plateau the
step is halved and the window doubled (at most three times).  With
minibatches the gradient noise keeps the iterates jittering on the scale of
the posterior of *one batch*, so means are judged in units of
``sd * sqrt(n / batch_size)`` and log sds against ``3 * tol``.  The returned
approximation is the last window's average (Polyak averaging), which removes
most of Adam's stationary jitter.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..utils._params import store_params
from ..utils._progress import ProgressLog
from ._inference import InferenceMethod, InferenceResult

__all__ = ["ADVI", "FullRankADVI"]


class _Adam:
    """Adam ascent on one flat parameter vector."""

    def __init__(self, size, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps = learning_rate, beta1, beta2, eps
        self.m = np.zeros(size)
        self.v = np.zeros(size)
        self.t = 0

    def step(self, theta, grad):
        self.t += 1
        self.m = self.b1 * self.m + (1 - self.b1) * grad
        self.v = self.b2 * self.v + (1 - self.b2) * grad * grad
        m_hat = self.m / (1 - self.b1**self.t)
        v_hat = self.v / (1 - self.b2**self.t)
        return theta + self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class _VariationalMethod(InferenceMethod):
    supports_minibatch = True
    # learning-rate halving on a plateau of the window-average shift
    _plateau = 0.8
    _max_decays = 3

    # -- the family: subclasses define these four --------------------------
    def _init_params(self, z0, init_sd):
        raise NotImplementedError

    def _sample(self, params, eps):
        raise NotImplementedError

    def _grad(self, params, eps, g):
        """ELBO gradient wrt params from log-density gradients ``g`` at draws."""
        raise NotImplementedError

    def _entropy(self, params):
        raise NotImplementedError

    def _scale(self, params):
        """Marginal standard deviations (for the convergence check)."""
        raise NotImplementedError

    def fit(self, problem, *, random_state, batch_size=None):
        rng = np.random.default_rng(random_state)
        d = problem.n_params
        # standardised data: posterior sds are at most about 1 / sqrt(n)
        init_sd = min(0.1, 1.0 / np.sqrt(problem.n_samples))
        params = self._init_params(problem.initial_point(), init_sd)
        adam = _Adam(params.size, self.learning_rate)
        minibatch = batch_size is not None and batch_size < problem.n_samples
        window = self.window
        loss = np.empty(self.n_iter)
        acc = np.zeros_like(params)
        # minibatch gradients are noisier: allow a smaller final step
        max_decays = self._max_decays + (3 if minibatch else 0)
        # minibatch gradient noise keeps the means jittering on the scale of
        # the posterior sd of one batch: judge them in those units
        inflate = np.sqrt(problem.n_samples / batch_size) if minibatch else 1.0
        previous = None
        since = 0
        last_shift = None
        n_decays = 0
        converged = False
        n_mc = self.n_mc
        it = 0
        # one line per averaging window in a file or pipe, a bar on a terminal
        log = ProgressLog(
            verbose=self.progressbar,
            total=self.n_iter,
            desc=type(self).__name__,
        )
        for it in range(1, self.n_iter + 1):
            eps = rng.standard_normal((n_mc, d))
            z = self._sample(params, eps)
            if minibatch:
                rows = rng.integers(0, problem.n_samples, batch_size)
                evals = [problem.logp_grad_batch(zs, rows) for zs in z]
            else:
                evals = [problem.logp_grad(zs) for zs in z]
            logps = np.array([e[0] for e in evals])
            g = np.stack([e[1] for e in evals])
            loss[it - 1] = -(logps.mean() + self._entropy(params))
            if not np.isfinite(loss[it - 1]):
                raise FloatingPointError(
                    f"{type(self).__name__}: the ELBO became non-finite at "
                    f"iteration {it}; lower learning_rate"
                )
            params = adam.step(params, self._grad(params, eps, g))
            acc += params
            since += 1
            if since == window:
                average = acc / window
                since = 0
                acc = np.zeros_like(params)
                shift = None
                if previous is not None:
                    shift = self._shift(previous, average, d, inflate)
                log.step(
                    it,
                    loss=float(loss[it - window : it].mean()),
                    shift=np.nan if shift is None else float(shift),
                    tol=self.tol,
                )
                if previous is not None:
                    if shift < self.tol:
                        converged = True
                        params = average
                        break
                    # a plateau of Adam's stationary jitter: halve the step
                    if (
                        last_shift is not None
                        and shift > self._plateau * last_shift
                        and n_decays < max_decays
                    ):
                        # halve the step; average over twice as many steps
                        adam.lr *= 0.5
                        window *= 2
                        n_decays += 1
                    last_shift = shift
                previous = average
        log.close()
        if not converged and previous is not None:
            params = previous
        loss = loss[:it]
        if not converged:
            warnings.warn(
                f"{type(self).__name__} did not converge in n_iter={self.n_iter} "
                f"iterations (tol={self.tol}); increase n_iter or learning_rate",
                ConvergenceWarning,
                stacklevel=3,
            )
        eps = rng.standard_normal((self.draws, d))
        draws = self._sample(params, eps)
        posterior = problem.constrain(draws[None])
        mean = params[:d]
        return InferenceResult(
            posterior=posterior,
            loss=loss,
            converged=converged,
            n_iter=it,
            diagnostics={
                "approx_mean": mean,
                "approx_std": self._scale(params),
                "final_learning_rate": adam.lr,
                "n_learning_rate_decays": n_decays,
            },
        )

    def _shift(self, old, new, d, inflate=1.0):
        """Change between two window averages: means in posterior sds (times
        ``inflate``), log sds absolutely; the root mean square over all
        parameters, or the largest single change / 2.5 if that is larger."""
        mean_shift = np.abs(new[:d] - old[:d]) / (self._scale(new) * inflate)
        # minibatch noise also shakes the log sds: allow up to 3x there
        spread_shift = np.abs(
            np.log(self._scale(old)) - np.log(self._scale(new))
        ) / min(inflate, 3.0)
        both = np.concatenate([mean_shift, spread_shift])
        return max(float(np.sqrt(np.mean(both**2))), float(both.max()) / 2.5)


class ADVI(_VariationalMethod):
    """Mean-field ADVI: independent Gaussians in unconstrained space.

    Fast, but it ignores posterior correlations, so on correlated features
    it under-estimates the marginal standard deviations (see the user guide
    for measured factors).

    Parameters
    ----------
    n_iter : int, default=20000
        Maximum number of Adam steps.
    learning_rate : float, default=0.01
        Adam step size.
    draws : int, default=1000
        Draws taken from the fitted approximation.
    n_mc : int, default=1
        Monte Carlo draws per gradient estimate.
    window : int, default=500
        Iterations per averaging window of the convergence check.
    tol : float, default=0.05
        Convergence tolerance on the change of the window averages.
    progressbar : bool, default=False
        Report progress once per window (``Iteration 500, loss = ...,
        shift = ...``): plain lines in a file or pipe, a bar on a terminal.
    """

    __init__ = store_params(
        n_iter=20000,
        learning_rate=0.01,
        draws=1000,
        n_mc=1,
        window=500,
        tol=0.05,
        progressbar=False,
    )

    def _init_params(self, z0, init_sd):
        return np.concatenate([z0, np.full(z0.size, np.log(init_sd))])

    def _sample(self, params, eps):
        d = eps.shape[-1]
        return params[:d] + np.exp(params[d:]) * eps

    def _grad(self, params, eps, g):
        d = eps.shape[-1]
        sd = np.exp(params[d:])
        return np.concatenate([g.mean(0), (g * eps).mean(0) * sd + 1.0])

    def _entropy(self, params):
        return params[params.size // 2 :].sum()

    def _scale(self, params):
        return np.exp(params[params.size // 2 :])


class FullRankADVI(_VariationalMethod):
    """Full-rank ADVI: one Gaussian with a dense covariance ``L L^T``.

    Captures posterior correlations (``d (d + 3) / 2`` parameters for ``d``
    unconstrained parameters); the right choice for correlated features and a
    few hundred parameters at most.

    Parameters
    ----------
    n_iter : int, default=20000
        Maximum number of Adam steps.
    learning_rate : float, default=0.01
        Adam step size.
    draws : int, default=1000
        Draws taken from the fitted approximation.
    n_mc : int, default=2
        Monte Carlo draws per gradient estimate.
    window : int, default=500
        Iterations per averaging window of the convergence check.
    tol : float, default=0.035
        Convergence tolerance on the change of the window averages (tighter
        than :class:`ADVI`'s: this method is chosen for accurate sds).
    progressbar : bool, default=False
        Report progress once per window, as :class:`ADVI` does.
    """

    __init__ = store_params(ADVI.__init__, n_mc=2, tol=0.035)

    # params = [mu (d), log diag L (d), strictly lower L (d (d - 1) / 2)]
    @staticmethod
    def _dim(size):
        return int(round((-3 + np.sqrt(9 + 8 * size)) / 2))

    def _init_params(self, z0, init_sd):
        d = z0.size
        return np.concatenate(
            [z0, np.full(d, np.log(init_sd)), np.zeros(d * (d - 1) // 2)]
        )

    def _chol(self, params, d):
        L = np.zeros((d, d))
        L[np.tril_indices(d, -1)] = params[2 * d :]
        L[np.diag_indices(d)] = np.exp(params[d : 2 * d])
        return L

    def _sample(self, params, eps):
        d = eps.shape[-1]
        return params[:d] + eps @ self._chol(params, d).T

    def _grad(self, params, eps, g):
        d = eps.shape[-1]
        outer = g.T @ eps / len(eps)  # E[g eps^T]
        diag = np.diag(outer) * np.exp(params[d : 2 * d]) + 1.0
        return np.concatenate([g.mean(0), diag, outer[np.tril_indices(d, -1)]])

    def _entropy(self, params):
        d = self._dim(params.size)
        return params[d : 2 * d].sum()

    def _scale(self, params):
        d = self._dim(params.size)
        L = self._chol(params, d)
        return np.sqrt((L * L).sum(1))
