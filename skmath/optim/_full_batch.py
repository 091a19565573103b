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

__all__ = ["FullBatchOptimizer", "ConjugateGradient", "NewtonCG", "BFGS"]


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


class BFGS(FullBatchOptimizer):
    """BFGS quasi-Newton method (``scipy`` method ``"BFGS"``).

    Keeps a dense inverse-Hessian estimate, so memory grows as the square of
    the number of parameters: for small networks (a few thousand weights).

    Parameters
    ----------
    gtol : float, default=1e-5
        Stop when the gradient norm falls below this.
    """

    method = "BFGS"

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
