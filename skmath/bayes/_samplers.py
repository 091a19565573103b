"""Sampler inference plugins: Markov chains whose draws carry r_hat and ESS."""

from __future__ import annotations

import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..utils._params import store_params
from ..utils._progress import ProgressLog, is_terminal
from ._inference import InferenceMethod, InferenceResult

__all__ = ["NUTS"]


class NUTS(InferenceMethod):
    """The No-U-Turn sampler of PyMC (``pm.sample``), the accuracy reference.

    Warns (``ConvergenceWarning``) when a rank-normalised r_hat exceeds
    ``max_r_hat`` or any transition diverged.

    Parameters
    ----------
    draws : int, default=1000
        Draws per chain kept after tuning.
    tune : int, default=1000
        Tuning steps per chain.
    chains : int, default=2
        Independent chains (run one after the other: ``cores=1``).
    target_accept : float, default=0.9
        Step-size adaptation target.
    max_r_hat : float, default=1.01
        r_hat above this warns.
    progressbar : bool, default=False
        Report progress: PyMC's progress bar on a terminal; in a file or pipe
        one plain line per tenth of each chain (``Draw 200, chain = 0,
        phase = tune, divergences = 0``).
    """

    is_sampler = True

    __init__ = store_params(
        draws=1000, tune=1000, chains=2, target_accept=0.9, max_r_hat=1.01,
        progressbar=False,
    )

    def _log_callback(self):
        """A ``pm.sample`` callback writing one plain line per tenth of a chain."""
        if not self.progressbar:
            return None
        total = self.tune + self.draws
        every = max(1, total // 10)
        log = ProgressLog(verbose=True, label="Draw", bar=False)
        divergences = {}

        def callback(trace, draw):
            chain = draw.chain
            divergences[chain] = divergences.get(chain, 0) + bool(
                draw.stats[0].get("diverging", False)
            )
            n = draw.draw_idx + 1
            if n % every == 0 or n == total:
                log.step(
                    n,
                    chain=chain,
                    phase="tune" if draw.tuning else "draw",
                    divergences=divergences[chain],
                )

        return callback

    def fit(self, problem, *, random_state, batch_size=None):
        import logging

        import arviz as az
        import pymc as pm

        terminal = is_terminal(sys.stdout)
        logger = logging.getLogger("pymc")
        level = logger.level
        logger.setLevel(logging.ERROR)
        try:
            idata = pm.sample(
                draws=self.draws,
                tune=self.tune,
                chains=self.chains,
                cores=1,
                random_seed=random_state,
                target_accept=self.target_accept,
                progressbar=self.progressbar and terminal,
                callback=None if terminal else self._log_callback(),
                compute_convergence_checks=False,
                model=problem.model,
            )
        finally:
            logger.setLevel(level)
        post = idata.posterior
        names = [n for n in ("beta", "alpha", "sigma") if n in post]
        posterior = {n: post[n].values for n in names}
        diverging = idata.sample_stats["diverging"].values
        n_div = int(diverging.sum())
        r_hat = {}
        ess = {}
        if self.chains > 1 and self.draws >= 4:
            rhat_ds = az.rhat(post, var_names=names)
            r_hat = {n: float(np.max(rhat_ds[n].values)) for n in names}
        if self.draws >= 4:
            ess_ds = az.ess(post, var_names=names)
            ess = {n: float(np.min(ess_ds[n].values)) for n in names}
        worst = max(r_hat.values(), default=1.0)
        problems = []
        if worst > self.max_r_hat:
            problems.append(f"max r_hat {worst:.3f} > {self.max_r_hat}")
        if n_div:
            problems.append(f"{n_div} divergent transitions")
        if problems:
            warnings.warn(
                "NUTS: " + " and ".join(problems)
                + "; increase tune/draws or target_accept",
                ConvergenceWarning,
                stacklevel=3,
            )
        return InferenceResult(
            posterior=posterior,
            sample_stats={"diverging": diverging},
            converged=not problems,
            n_iter=self.draws + self.tune,
            diagnostics={"r_hat": r_hat, "ess_bulk": ess, "n_divergences": n_div},
        )
