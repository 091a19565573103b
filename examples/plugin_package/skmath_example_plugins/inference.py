"""An inference plugin: the Metropolis-adjusted Langevin algorithm (MALA).

An inference method derives from :class:`skmath.bayes.InferenceMethod` and
implements ``fit(problem, *, random_state, batch_size=None)``.  ``problem``
gives the log posterior density and its gradient over one flat vector of
unconstrained parameters (``problem.logp_grad(z)``), a starting point
(``problem.initial_point()``) and the map back to the model's variables
(``problem.constrain(draws)``).  The method returns an
:class:`skmath.bayes.InferenceResult` with draws of shape
``(chains, draws, ...)``; ``is_sampler = True`` tells the estimator that the
draws come from Markov chains, so it computes r-hat and effective sample
sizes for them.

MALA proposes a gradient step plus Gaussian noise,
:math:`z' = z + \\tfrac{\\epsilon^2}{2}\\nabla \\log p(z) + \\epsilon\\,\\xi`,
and accepts it with the Metropolis-Hastings probability, which corrects for
the asymmetric proposal.  During ``tune`` the step size is adapted towards
the optimal acceptance rate of 0.574.
"""

import numpy as np

from skmath.bayes import InferenceMethod, InferenceResult


class MALA(InferenceMethod):
    """Metropolis-adjusted Langevin sampler (Roberts and Tweedie, 1996).

    Parameters
    ----------
    draws : int, default=500
        Draws kept per chain.
    tune : int, default=500
        Adaptation steps per chain, discarded.
    chains : int, default=2
        Independent chains.
    step_size : float, default=0.1
        Initial step size :math:`\\epsilon`.
    """

    is_sampler = True

    def __init__(self, draws=500, tune=500, chains=2, step_size=0.1):
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.step_size = step_size

    def fit(self, problem, *, random_state, batch_size=None):
        rng = np.random.default_rng(random_state)
        samples, accepted, step_sizes = [], [], []
        for _ in range(self.chains):
            chain, acc, eps = self._chain(problem, rng)
            samples.append(chain)
            accepted.append(acc)
            step_sizes.append(eps)
        return InferenceResult(
            posterior=problem.constrain(np.stack(samples)),
            sample_stats={"accepted": np.stack(accepted)},
            n_iter=self.tune + self.draws,
            diagnostics={"step_size": step_sizes},
        )

    def _chain(self, problem, rng):
        z = problem.initial_point() + 0.01 * rng.standard_normal(problem.n_params)
        logp, grad = problem.logp_grad(z)
        eps = float(self.step_size)
        kept = np.empty((self.draws, z.size))
        accepted = np.zeros(self.draws, dtype=bool)
        for i in range(self.tune + self.draws):
            drift = z + 0.5 * eps**2 * grad
            proposal = drift + eps * rng.standard_normal(z.size)
            logp_new, grad_new = problem.logp_grad(proposal)
            back = proposal + 0.5 * eps**2 * grad_new
            log_ratio = (
                logp_new
                - logp
                - (np.sum((z - back) ** 2) - np.sum((proposal - drift) ** 2))
                / (2 * eps**2)
            )
            accept = np.isfinite(logp_new) and np.log(rng.uniform()) < log_ratio
            if accept:
                z, logp, grad = proposal, logp_new, grad_new
            if i < self.tune:  # Robbins-Monro steps towards 57.4% acceptance
                eps *= np.exp((float(accept) - 0.574) / np.sqrt(i + 1.0))
            else:
                kept[i - self.tune] = z
                accepted[i - self.tune] = accept
        return kept, accepted, eps
