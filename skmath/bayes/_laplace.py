"""The MAP inference plugin: the posterior mode, and a Laplace approximation."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..utils._params import store_params
from ._inference import InferenceMethod, InferenceResult

__all__ = ["MAP"]


class MAP(InferenceMethod):
    """Maximum a posteriori by L-BFGS, with a Laplace approximation around it.

    The estimators report the mode itself as ``coef_``; the draws from the
    Laplace approximation serve the predictive distribution and ``coef_std_``.

    The Laplace approximation is a Gaussian with the inverse Hessian of the
    negative log posterior (by finite differences of the compiled gradient)
    as covariance, in unconstrained space; for a linear model with fixed noise
    it is the exact posterior.

    Parameters
    ----------
    max_iter : int, default=1000
        Maximum L-BFGS iterations.
    tol : float, default=1e-8
        L-BFGS gradient tolerance.
    laplace : bool, default=True
        Draw from the Laplace approximation; if False all draws equal the mode.
    draws : int, default=1000
        Draws taken from the Laplace approximation.
    """

    __init__ = store_params(max_iter=1000, tol=1e-8, laplace=True, draws=1000)

    def fit(self, problem, *, random_state, batch_size=None):
        from scipy.optimize import minimize

        def objective(z):
            value, grad = problem.logp_grad(z)
            return -value, -grad

        options = {"maxiter": self.max_iter, "gtol": self.tol}
        res = minimize(objective, problem.initial_point(), jac=True,
                       method="L-BFGS-B", options=options)
        # SciPy also stops when the objective's relative reduction falls
        # below 2e-9, which a kinked log density (the Laplace prior's)
        # reaches away from the mode: polish from there without that rule,
        # keeping the result only if it is better
        polished = minimize(objective, res.x, jac=True, method="L-BFGS-B",
                            options={**options, "ftol": 1e-15})
        if polished.fun < res.fun:
            res.x, res.fun = polished.x, polished.fun
        if not np.all(np.isfinite(res.x)):
            raise FloatingPointError("MAP: L-BFGS produced non-finite parameters")
        mode = res.x
        converged = bool(res.success)
        if not converged:
            warnings.warn(
                f"MAP: L-BFGS did not converge ({res.message})",
                ConvergenceWarning,
                stacklevel=3,
            )
        d = mode.size
        if self.laplace:
            hess = np.empty((d, d))
            for i in range(d):
                h = 1e-5 * max(1.0, abs(mode[i]))
                e = np.zeros(d)
                e[i] = h
                hess[i] = (objective(mode + e)[1] - objective(mode - e)[1]) / (2 * h)
            hess = (hess + hess.T) / 2
            try:
                chol = np.linalg.cholesky(hess)
            except np.linalg.LinAlgError:
                w, V = np.linalg.eigh(hess)
                hess = (V * np.maximum(w, 1e-8 * max(w.max(), 1.0))) @ V.T
                chol = np.linalg.cholesky(hess)
            rng = np.random.default_rng(random_state)
            eps = rng.standard_normal((self.draws, d))
            # z = mode + L^{-T} eps has covariance (L L^T)^{-1} = H^{-1}
            import scipy.linalg

            draws = mode + scipy.linalg.solve_triangular(chol, eps.T, trans="T",
                                                         lower=True).T
            covariance = scipy.linalg.cho_solve((chol, True), np.eye(d))
        else:
            draws = np.tile(mode, (self.draws, 1))
            covariance = None
        mode_values = problem.constrain(mode[None, None])
        return InferenceResult(
            posterior=problem.constrain(draws[None]),
            point={name: value[0, 0] for name, value in mode_values.items()},
            converged=converged,
            n_iter=int(res.nit),
            loss=None,
            diagnostics={"mode": mode, "covariance": covariance,
                         "logp": -float(res.fun)},
        )
