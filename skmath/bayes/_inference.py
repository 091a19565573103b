"""Inference plugins: how a posterior is approximated.

Every method is one :class:`InferenceMethod` subclass -- a parameter object
(``get_params``/``set_params``, so ``GridSearchCV`` reaches
``inference__learning_rate``) with one method::

    fit(problem, *, random_state, batch_size=None) -> InferenceResult

``problem`` is a :class:`~skmath.bayes._model.PosteriorProblem`: the PyMC
model, and the log density with its gradient over a flat unconstrained
vector (also on a minibatch).  A third-party method (SVGD, a numpyro NUTS,
...) subclasses :class:`InferenceMethod` and registers itself in the
``skmath.inference`` entry-point group.  The built-in methods live in
``_variational.py`` (ADVI, full-rank ADVI), ``_laplace.py`` (MAP) and
``_samplers.py`` (NUTS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..plugins import Plugin

__all__ = ["InferenceMethod", "InferenceResult"]


@dataclass
class InferenceResult:
    """What an inference plugin returns.

    Attributes
    ----------
    posterior : dict
        Model variable name (``beta``, ``alpha``, ``sigma``) -> draws of shape
        ``(chains, draws, *shape)`` in constrained space.
    sample_stats : dict or None
        Per-draw statistics (``diverging``, ...) of shape ``(chains, draws)``.
    loss : ndarray or None
        Loss history (negative ELBO estimate per iteration) for optimisers.
    converged : bool or None
        Whether the method's own convergence check passed.
    n_iter : int or None
        Iterations run.
    diagnostics : dict
        Anything else worth keeping (``r_hat``, ``ess_bulk``, ...).
    point : dict or None
        A point estimate in the form of ``posterior`` without the leading
        ``(chains, draws)`` axes (MAP: the mode); when given, the estimator
        reports it as ``coef_`` and uses the draws only for uncertainty.
    """

    posterior: dict
    sample_stats: dict | None = None
    loss: np.ndarray | None = None
    converged: bool | None = None
    n_iter: int | None = None
    diagnostics: dict = field(default_factory=dict)
    point: dict | None = None


class InferenceMethod(Plugin):
    """Base class of inference plugins.

    Capability flags: ``supports_minibatch`` (``batch_size=`` is allowed),
    ``is_sampler`` (draws come from a Markov chain, so r_hat/ESS apply).
    """

    supports_minibatch = False
    is_sampler = False

    def fit(self, problem, *, random_state, batch_size=None):
        """Approximate the posterior of ``problem``; return an InferenceResult."""
        raise NotImplementedError
