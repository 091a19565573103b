"""Prior plugins: the distribution of the weights of the standardised features.

A prior is a :class:`Prior` subclass -- a parameter object like the inference
plugins, so ``GridSearchCV`` reaches ``prior__scale`` -- with one method::

    build(name, shape, params) -> the weights' PyMC variable

called inside the ``pm.Model`` context.  ``params`` maps each numeric
parameter of the prior (``scale``, ``nu``, ...) to a ``pm.Data`` container,
so a model compiled once per prior *class* serves every value of those
parameters (another fold, another grid point).  Parameters are validated by
``_parameter_constraints`` before any model is built.  Third-party priors
register in the ``skmath.priors`` entry-point group.
"""

from __future__ import annotations

from numbers import Real

from sklearn.utils._param_validation import Interval, validate_parameter_constraints

from ..plugins import Plugin
from ..utils._params import store_params

__all__ = ["HorseshoePrior", "LaplacePrior", "NormalPrior", "Prior", "StudentTPrior"]

_POSITIVE = [Interval(Real, 0, None, closed="neither")]


class Prior(Plugin):
    """Base class of prior plugins on the weights of the standardised features.

    Subclasses declare ``_parameter_constraints`` for their numeric
    parameters and implement :meth:`build`.
    """

    _parameter_constraints: dict = {}

    def validate(self):
        """Raise ``ValueError``/``TypeError`` for invalid parameter values."""
        validate_parameter_constraints(
            self._parameter_constraints,
            self.get_params(deep=False),
            caller_name=type(self).__name__,
        )

    def hyperparameters(self):
        """Name -> float value of every numeric parameter (``pm.Data`` values)."""
        return {name: float(getattr(self, name)) for name in self._get_param_names()}

    def build(self, name, shape, params):
        """Create the weights' variable ``name`` of ``shape`` in the current model."""
        raise NotImplementedError


class NormalPrior(Prior):
    r"""Independent normal weights, :math:`\beta_j \sim \mathcal N(0, \text{scale}^2)`.

    The default prior: with fixed noise the linear model is conjugate and
    :func:`~skmath.bayes.exact_gaussian_posterior` is its exact posterior.

    Parameters
    ----------
    scale : float, default=1.0
        Standard deviation.
    """

    _parameter_constraints = {"scale": _POSITIVE}
    __init__ = store_params(scale=1.0)

    def build(self, name, shape, params):
        import pymc as pm

        return pm.Normal(name, 0.0, params["scale"], shape=shape)


class StudentTPrior(Prior):
    r"""Student-t weights, :math:`\beta_j \sim t_\nu(0, \text{scale})`.

    Heavier tails than the normal prior: large effects are shrunk less.  As
    ``nu`` grows it becomes :class:`NormalPrior`.

    Parameters
    ----------
    scale : float, default=1.0
        Scale.
    nu : float, default=3.0
        Degrees of freedom.
    """

    _parameter_constraints = {"scale": _POSITIVE, "nu": _POSITIVE}
    __init__ = store_params(scale=1.0, nu=3.0)

    def build(self, name, shape, params):
        import pymc as pm

        return pm.StudentT(name, nu=params["nu"], mu=0.0, sigma=params["scale"],
                           shape=shape)


class LaplacePrior(Prior):
    r"""Laplace (double-exponential) weights, density :math:`\propto
    \exp(-|\beta_j| / \text{scale})`.

    Its MAP estimate is the lasso's: the log prior is an L1 penalty of
    weight ``1 / scale``.

    Parameters
    ----------
    scale : float, default=1.0
        Scale :math:`b` (the standard deviation is :math:`\sqrt 2 b`).
    """

    _parameter_constraints = {"scale": _POSITIVE}
    __init__ = store_params(scale=1.0)

    def build(self, name, shape, params):
        import pymc as pm

        return pm.Laplace(name, 0.0, params["scale"], shape=shape)


class HorseshoePrior(Prior):
    r"""The regularised horseshoe (Piironen and Vehtari, 2017).

    :math:`\beta_j = z_j \tau \tilde\lambda_j` with :math:`z_j \sim \mathcal
    N(0, 1)`, local scales :math:`\lambda_j \sim \text{HalfCauchy}(1)`, global
    scale :math:`\tau \sim \text{HalfCauchy}(\text{scale})`, and
    :math:`\tilde\lambda_j^2 = c^2 \lambda_j^2 / (c^2 + \tau^2 \lambda_j^2)`
    with slab :math:`c^2 \sim \text{InvGamma}(\nu_s / 2, \nu_s s^2 / 2)`: most
    weights are shrunk to zero, a few large ones are regularised by the slab.
    Written non-centred, which NUTS prefers.  Its posterior has many modes and
    funnels: use a sampler (``"nuts"``, ``"nutpie"``), not ``"map"``.

    Parameters
    ----------
    scale : float, default=0.1
        Scale :math:`\tau_0` of the global shrinkage.
    slab_scale : float, default=2.0
        Slab scale :math:`s`.
    slab_df : float, default=4.0
        Slab degrees of freedom :math:`\nu_s`.
    """

    _parameter_constraints = {
        "scale": _POSITIVE, "slab_scale": _POSITIVE, "slab_df": _POSITIVE,
    }
    __init__ = store_params(scale=0.1, slab_scale=2.0, slab_df=4.0)

    def build(self, name, shape, params):
        import pymc as pm

        tau = pm.HalfCauchy(f"{name}_tau", params["scale"])
        lam = pm.HalfCauchy(f"{name}_lambda", 1.0, shape=shape)
        df, s = params["slab_df"], params["slab_scale"]
        c2 = pm.InverseGamma(f"{name}_c2", df / 2, df * s**2 / 2)
        lam_tilde = pm.math.sqrt(c2 * lam**2 / (c2 + tau**2 * lam**2))
        z = pm.Normal(f"{name}_z", 0.0, 1.0, shape=shape)
        return pm.Deterministic(name, z * tau * lam_tilde)
