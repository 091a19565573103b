"""The fitted posterior as ArviZ data and as a summary table.

The estimators keep their draws as plain arrays (``(chains, draws, ...)``, in
the original units); this module turns them into an ``InferenceData`` with
named dimensions and coordinates, the observed data and the pointwise log
likelihood (so ``az.loo``, ``az.waic`` and ``az.compare`` work), and into a
:class:`pandas.DataFrame` indexed by feature name.  Draws of variational
methods and of MAP's Laplace approximation are stored as one chain: they are
independent draws from an approximation, so r_hat and ESS say nothing about
them and the summary leaves them out.
"""

from __future__ import annotations

import numpy as np

__all__ = ["make_idata", "summary_frame"]

# pointwise log likelihoods are stored when there are at most this many
_MAX_LOG_LIKELIHOOD_VALUES = 10_000_000


def _from_dict(groups, coords, dims):
    import arviz as az

    try:
        return az.from_dict(**groups, coords=coords, dims=dims)
    except TypeError:  # ArviZ >= 1: one dict of groups, returns a DataTree
        return az.from_dict(groups, coords=coords, dims=dims)


def store_log_likelihood(setting, n_draws, n_samples):
    """Whether to store the pointwise log likelihood (``"auto"``: if small)."""
    if setting == "auto":
        return n_draws * n_samples <= _MAX_LOG_LIKELIHOOD_VALUES
    return bool(setting)


def make_idata(posterior, *, coords, dims, observed=None, log_likelihood=None,
               posterior_predictive=None, sample_stats=None):
    """An ArviZ ``InferenceData`` from dicts of ``(chains, draws, ...)`` arrays.

    ``observed`` is ``{"y": y}``; ``log_likelihood`` and
    ``posterior_predictive`` are ``{"y": (chains, draws, n_samples)}``.
    """
    groups = {"posterior": posterior}
    dims = dict(dims)
    if observed is not None:
        groups["observed_data"] = observed
        dims["y"] = ["obs_id"]
        coords = {**coords, "obs_id": np.arange(len(observed["y"]))}
    for name, group in (
        ("log_likelihood", log_likelihood),
        ("posterior_predictive", posterior_predictive),
        ("sample_stats", sample_stats),
    ):
        if group:
            groups[name] = group
    return _from_dict(groups, coords, dims)


def summary_frame(draws, *, index, is_sampler, level=0.95):
    """Posterior summary: one row per scalar parameter.

    Parameters
    ----------
    draws : dict
        Row label -> draws of shape ``(chains, draws)`` (one scalar each).
    index : pandas.Index
        Row labels, in the order of ``draws``.
    is_sampler : bool
        Whether the draws come from Markov chains (then ``r_hat``,
        ``ess_bulk`` and ``ess_tail`` are added).
    level : float
        Mass of the equal-tailed credible interval.
    """
    import pandas as pd

    values = np.stack(list(draws.values()), axis=-1)  # (chains, draws, rows)
    flat = values.reshape(-1, values.shape[-1])
    lo, hi = (1 - level) / 2, (1 + level) / 2
    table = {
        "mean": flat.mean(axis=0),
        "sd": flat.std(axis=0),
        f"{lo:.1%}": np.quantile(flat, lo, axis=0),
        f"{hi:.1%}": np.quantile(flat, hi, axis=0),
    }
    if is_sampler and values.shape[1] >= 4:
        import arviz as az

        def each(fn, **kw):
            return [float(fn(values[..., j], **kw)) for j in range(values.shape[-1])]

        if values.shape[0] > 1:
            table["r_hat"] = each(az.rhat)
        table["ess_bulk"] = each(az.ess, method="bulk")
        table["ess_tail"] = each(az.ess, method="tail")
    return pd.DataFrame(table, index=index)
