"""Sampler inference plugins: Markov chains whose draws carry r_hat and ESS."""

from __future__ import annotations

import logging
import sys
import warnings
from contextlib import contextmanager

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..utils._params import store_params
from ..utils._progress import ProgressLog, is_terminal
from ._inference import InferenceMethod, InferenceResult

__all__ = ["NUTS", "Nutpie"]


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
        import pymc as pm

        terminal = is_terminal(sys.stdout)
        with _quiet_sampling():
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
        return _chains_result(self, idata)


class Nutpie(InferenceMethod):
    """NUTS by nutpie: a Rust sampler of the same PyMC model (optional extra).

    The model's log density is compiled once per model structure with Numba
    and kept (later fits swap the data in); the chains run in parallel
    threads.  Install with ``pip install skmath[nutpie]``.

    Parameters
    ----------
    draws : int, default=1000
        Draws per chain kept after tuning.
    tune : int, default=1000
        Tuning steps per chain.
    chains : int, default=2
        Independent chains.
    target_accept : float, default=0.8
        Step-size adaptation target.
    cores : int or None, default=None
        Chains run at once (``None``: nutpie's choice, all cores).
    max_r_hat : float, default=1.01
        r_hat above this warns.
    progressbar : bool, default=False
        Show nutpie's progress bar.
    """

    is_sampler = True

    __init__ = store_params(
        draws=1000, tune=1000, chains=2, target_accept=0.8, cores=None,
        max_r_hat=1.01, progressbar=False,
    )

    def fit(self, problem, *, random_state, batch_size=None):
        try:
            import nutpie
        except ImportError as exc:
            raise ImportError(
                "inference='nutpie' needs the nutpie package: "
                "pip install 'skmath[nutpie]'"
            ) from exc
        compiled = problem.cached(
            "nutpie", lambda: nutpie.compile_pymc_model(problem.model)
        )
        compiled = compiled.with_data(**problem.data_values())
        with _quiet_sampling():
            idata = nutpie.sample(
                compiled,
                draws=self.draws,
                tune=self.tune,
                chains=self.chains,
                cores=self.cores,
                seed=random_state,
                target_accept=self.target_accept,
                progress_bar=self.progressbar,
            )
        return _chains_result(self, idata)


@contextmanager
def _quiet_sampling():
    """Keep PyMC's INFO lines and the overflow ``RuntimeWarning``s of early
    tuning (a first step size that is far too large) away from the user."""
    logger = logging.getLogger("pymc")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), np.errstate(over="ignore", invalid="ignore"):
            warnings.filterwarnings("ignore", category=RuntimeWarning)
            yield
    finally:
        logger.setLevel(level)


def _chains_result(method, idata):
    """An InferenceResult from a sampler's ArviZ trace, with its diagnostics;
    warn when r_hat is above ``method.max_r_hat`` or transitions diverged."""
    import arviz as az

    post = idata.posterior
    names = [n for n in ("beta", "alpha", "sigma") if n in post]
    posterior = {n: post[n].values for n in names}
    stats = idata.sample_stats
    sample_stats = {
        k: stats[k].values for k in stats.data_vars
        if stats[k].values.shape == stats["diverging"].values.shape
    }
    n_div = int(sample_stats["diverging"].sum())
    r_hat = {}
    ess = {}
    n_chains, n_draws = post.sizes["chain"], post.sizes["draw"]
    if n_chains > 1 and n_draws >= 4:
        rhat_ds = az.rhat(post, var_names=names)
        r_hat = {n: float(np.max(rhat_ds[n].values)) for n in names}
    if n_draws >= 4:
        ess_ds = az.ess(post, var_names=names)
        ess = {n: float(np.min(ess_ds[n].values)) for n in names}
    worst = max(r_hat.values(), default=1.0)
    problems = []
    if worst > method.max_r_hat:
        problems.append(f"max r_hat {worst:.3f} > {method.max_r_hat}")
    if n_div:
        problems.append(f"{n_div} divergent transitions")
    if problems:
        warnings.warn(
            f"{type(method).__name__}: " + " and ".join(problems)
            + "; increase tune/draws or target_accept",
            ConvergenceWarning,
            stacklevel=4,
        )
    return InferenceResult(
        posterior=posterior,
        sample_stats=sample_stats,
        converged=not problems,
        n_iter=n_draws + method.tune,
        diagnostics={"r_hat": r_hat, "ess_bulk": ess, "n_divergences": n_div},
    )
