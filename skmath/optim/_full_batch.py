"""Full-batch methods through ``scipy.optimize.minimize`` with torch gradients.

The network's parameters are flattened into one float64 vector; the loss and
its gradient come from torch autograd, and Newton-CG also gets exact
Hessian-vector products :math:`H p = \\nabla (\\nabla L \\cdot p)` by double
backpropagation, never forming :math:`H`.
"""

from __future__ import annotations

import numpy as np

from ..utils._torch import import_torch
from ._base import OptimizerPlugin, _check_nonnegative

__all__ = ["FullBatchOptimizer", "ConjugateGradient", "NewtonCG", "BFGS", "LBFGS"]


def flat_problem(params, loss_fn):
    """The loss over the flattened parameters, as scipy wants it.

    Returns ``(x0, load, fun, hessp)``: the current parameters as a float64
    vector, ``load(x)`` writing a vector back into ``params``, ``fun(x) ->
    (loss, gradient)`` and ``hessp(x, p) -> H p`` (exact, by double
    backpropagation).
    """
    torch = import_torch()
    shapes = [p.shape for p in params]
    sizes = [p.numel() for p in params]
    like = params[0]

    def load(x):
        flat = torch.as_tensor(x, dtype=like.dtype, device=like.device)
        with torch.no_grad():
            for p, chunk, shape in zip(params, flat.split(sizes), shapes):
                p.copy_(chunk.view(shape))

    def flatten(tensors):
        flat = torch.cat([t.reshape(-1) for t in tensors])
        return flat.detach().cpu().double().numpy()

    def fun(x):
        load(x)
        loss = loss_fn()
        grads = torch.autograd.grad(loss, params)
        return loss.detach().item(), flatten(grads)

    def hessp(x, p):
        load(x)
        loss = loss_fn()
        grads = torch.autograd.grad(loss, params, create_graph=True)
        flat = torch.cat([g.reshape(-1) for g in grads])
        vec = torch.as_tensor(p, dtype=flat.dtype, device=flat.device)
        return flatten(torch.autograd.grad(flat @ vec, params))

    return flatten(params), load, fun, hessp


class FullBatchOptimizer(OptimizerPlugin):
    """Base class of the ``scipy.optimize.minimize`` methods.

    Subclasses set ``method`` (the scipy method name) and may set
    ``uses_hessp`` to receive Hessian-vector products.
    """

    minibatch = False
    dtype = "float64"
    method = None
    uses_hessp = False

    def scipy_options(self):
        """Options passed to ``scipy.optimize.minimize`` besides ``maxiter``."""
        return {name: getattr(self, name) for name in self._get_param_names()}

    def validate(self):
        super().validate()
        for name, value in self.scipy_options().items():
            _check_nonnegative(self, name, value)
        return self

    def minimize(self, params, loss_fn, *, max_iter, callback=None):
        """Run ``scipy.optimize.minimize``; see :mod:`skmath.optim._base`."""
        from scipy.optimize import minimize

        self.validate()
        params = list(params)
        x0, load, fun, hessp = flat_problem(params, loss_fn)
        n_iter = 0

        def on_iteration(intermediate_result):
            nonlocal n_iter
            n_iter += 1
            if callback is not None and callback(float(intermediate_result.fun)):
                raise StopIteration

        result = minimize(
            fun,
            x0,
            jac=True,
            hessp=hessp if self.uses_hessp else None,
            method=self.method,
            callback=on_iteration,
            options={"maxiter": max_iter, **self.scipy_options()},
        )
        x = result.x if np.all(np.isfinite(result.x)) else x0
        load(x)
        return n_iter


class ConjugateGradient(FullBatchOptimizer):
    """Nonlinear conjugate gradient (Polak-Ribiere, ``scipy`` method ``"CG"``).

    Each direction is the negative gradient plus a multiple of the previous
    direction, :math:`d_k = -g_k + \\beta_k d_{k-1}`, followed by a line search.

    Parameters
    ----------
    gtol : float, default=1e-5
        Stop when the gradient norm falls below this.

    Examples
    --------
    >>> from skmath.optim import ConjugateGradient
    >>> ConjugateGradient(gtol=1e-6)
    ConjugateGradient(gtol=1e-06)
    """

    method = "CG"

    def __init__(self, gtol=1e-5):
        self.gtol = gtol


def _bfgs(fun, x0, args=(), jac=None, callback=None, maxiter=200, gtol=1e-5, **_):
    """BFGS as a custom ``scipy.optimize.minimize`` method.

    scipy's own ``method="BFGS"`` updates the inverse Hessian with two dense
    matrix products, :math:`O(n^3)` per iteration: minutes per iteration for
    a network with a few thousand weights.  The same update written as a
    rank-two correction costs :math:`O(n^2)`:

    .. math:: H \\leftarrow H - \\rho (s\\,(Hy)^T + (Hy)\\,s^T)
              + (\\rho^2\\, y^T H y + \\rho)\\, s s^T,
              \\qquad \\rho = 1 / y^T s.

    The step length comes from scipy's Wolfe line search.
    """
    from scipy.linalg.blas import dger
    from scipy.optimize import OptimizeResult, line_search

    x = np.asarray(x0, dtype=np.float64).copy()
    f, g = fun(x), jac(x)
    inv_hessian = np.eye(x.size, order="F")
    old_f = f + np.linalg.norm(g) / 2
    n_iter, message, success = 0, "maximum number of iterations reached", False
    while n_iter < maxiter:
        if np.max(np.abs(g)) <= gtol:
            message, success = "gradient below gtol", True
            break
        direction = -(inv_hessian @ g)
        step, _, _, new_f, old_f, new_g = line_search(
            fun, jac, x, direction, g, f, old_f
        )
        if step is None:
            message = "line search failed: no further progress"
            success = True
            break
        s = step * direction
        x = x + s
        if new_g is None:
            new_g = jac(x)
        y = new_g - g
        f, g = new_f, new_g
        n_iter += 1
        try:
            if callback is not None:
                callback(OptimizeResult(x=x, fun=f))
        except StopIteration:
            message, success = "stopped by callback", True
            break
        ys = y @ s
        if ys > 1e-10:
            rho = 1.0 / ys
            hy = inv_hessian @ y
            coef = rho * rho * (y @ hy) + rho
            # in-place BLAS rank-one updates: no n x n temporaries
            inv_hessian = dger(-rho, s, hy, a=inv_hessian, overwrite_a=True)
            inv_hessian = dger(-rho, hy, s, a=inv_hessian, overwrite_a=True)
            inv_hessian = dger(coef, s, s, a=inv_hessian, overwrite_a=True)
    return OptimizeResult(
        x=x, fun=f, jac=g, nit=n_iter, success=success, message=message
    )


class BFGS(FullBatchOptimizer):
    """BFGS quasi-Newton method, through ``scipy.optimize.minimize``.

    Keeps a dense inverse-Hessian estimate, so memory grows as the square of
    the number of parameters (5,000 weights: 200 MB): for small networks.
    The update is the :math:`O(n^2)` rank-two form, given to
    ``scipy.optimize.minimize`` as a custom method, with scipy's Wolfe line
    search.

    Parameters
    ----------
    gtol : float, default=1e-5
        Stop when the gradient norm falls below this.
    """

    method = staticmethod(_bfgs)

    def __init__(self, gtol=1e-5):
        self.gtol = gtol


class NewtonCG(FullBatchOptimizer):
    """Truncated Newton method with exact Hessian-vector products.

    Each iteration solves :math:`H d = -g` approximately by conjugate
    gradient, where every product :math:`H p` is computed exactly by torch
    double backpropagation (``scipy`` method ``"Newton-CG"``).

    Parameters
    ----------
    xtol : float, default=1e-5
        Stop when the average relative parameter change falls below this.
    """

    method = "Newton-CG"
    uses_hessp = True

    def __init__(self, xtol=1e-5):
        self.xtol = xtol


class LBFGS(FullBatchOptimizer):
    """Limited-memory BFGS (``scipy`` method ``"L-BFGS-B"``, as scikit-learn uses).

    Keeps the last ``history_size`` curvature pairs :math:`(s_k, y_k)` instead
    of a dense inverse Hessian: memory linear in the number of parameters.
    Any ``torch.optim.LBFGS`` can still be passed as a torch class.

    Parameters
    ----------
    history_size : int, default=10
        Number of curvature pairs kept (scipy's ``maxcor``).
    gtol : float, default=1e-5
        Stop when the largest gradient entry falls below this.
    ftol : float, default=2.2e-9
        Stop when the relative loss decrease falls below this.

    Examples
    --------
    >>> from skmath.optim import LBFGS
    >>> LBFGS(history_size=20).scipy_options()
    {'ftol': 2.2e-09, 'gtol': 1e-05, 'maxcor': 20}
    """

    method = "L-BFGS-B"

    def __init__(self, history_size=10, gtol=1e-5, ftol=2.2e-9):
        self.history_size = history_size
        self.gtol = gtol
        self.ftol = ftol

    def scipy_options(self):
        return {"ftol": self.ftol, "gtol": self.gtol, "maxcor": self.history_size}
