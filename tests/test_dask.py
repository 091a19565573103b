"""Every estimator in a grid search on a real local Dask cluster (issue 9).

A ``distributed.LocalCluster`` with two worker processes on the loopback
interface is started inside the test; ``GridSearchCV(..., n_jobs=-1)`` runs
under ``joblib.parallel_backend("dask")`` and must give the same scores as the
same search in this process.  Skipped when dask or distributed is missing.
"""

from __future__ import annotations

import numbers
import warnings

import pytest
from numpy.testing import assert_allclose
from sklearn.model_selection import GridSearchCV

from ._factory import ESTIMATORS, fast_estimator, info
from .bad_input_catalogue import make_data

distributed = pytest.importorskip("distributed")
joblib = pytest.importorskip("joblib")

# Parameters searched over, first found wins: each gives two candidates.
SEARCHED = ("alpha", "lr", "learning_rate_init", "prior_scale", "random_state")


def _grid(estimator):
    """Two distinct candidates of the first searchable parameter."""
    params = estimator.get_params(deep=False)
    for name in SEARCHED:
        if name not in params:
            continue
        value = params[name]
        if name == "random_state":
            return {name: [0, 1]}
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return {name: [value, 2 * value] if value > 0 else [value, 1.0]}
        if value is None:
            return {name: [0.1, 1.0]}
    raise LookupError(
        f"{type(estimator).__name__} has none of {SEARCHED}: add a parameter to "
        "search over"
    )


def _import_estimators():
    import importlib

    for _, cls in ESTIMATORS:
        importlib.import_module(cls.__module__)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,  # logging.ERROR
    )
    client = distributed.Client(cluster)
    # Import every estimator's module on both workers at once, up front.
    client.run(_import_estimators)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _search(estimator, X, y, n_jobs, refit):
    search = GridSearchCV(estimator, _grid(estimator), cv=2, n_jobs=n_jobs, refit=refit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return search.fit(X, y)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name, cls", [pytest.param(n, c, id=n) for n, c in ESTIMATORS])
def test_grid_search_on_local_cluster_matches_in_process(name, cls, client):
    X, y = make_data(info(name, cls))
    local = _search(fast_estimator(name, cls), X, y, n_jobs=1, refit=False)
    with joblib.parallel_backend("dask"):
        remote = _search(fast_estimator(name, cls), X, y, n_jobs=-1, refit=True)
    assert remote.best_params_ == local.best_params_
    assert_allclose(
        remote.cv_results_["mean_test_score"],
        local.cv_results_["mean_test_score"],
        rtol=1e-5,
        atol=1e-8,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence warnings of tiny fits
        reference = fast_estimator(name, cls, **remote.best_params_).fit(X, y)
    assert_allclose(remote.predict(X), reference.predict(X), rtol=1e-5, atol=1e-8)


def _torch_threads_in_worker():
    import torch

    return torch.get_num_threads()


def _fitted_threads_in_worker(name):
    cls = dict(ESTIMATORS)[name]
    X, y = make_data(info(name, cls))
    # n_jobs=None: the default, whatever the fast settings say
    estimator = fast_estimator(name, cls, n_jobs=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(X, y)
    return estimator.n_threads_


@pytest.mark.timeout(60)
def test_workers_use_one_torch_thread(client):
    pytest.importorskip("torch")
    threads = client.run(_torch_threads_in_worker)
    assert set(threads.values()) == {1}, threads
    torch_estimators = [n for n, c in ESTIMATORS if "n_jobs" in c().get_params()]
    for name in torch_estimators:
        used = client.run(_fitted_threads_in_worker, name)
        assert set(used.values()) == {1}, (name, used)


def test_grid_has_two_distinct_candidates():
    # one candidate would make "same best_params_" hold trivially
    for name, cls in ESTIMATORS:
        grid = _grid(fast_estimator(name, cls))
        assert len(grid) == 1, name
        (values,) = grid.values()
        assert len(values) == 2 and values[0] != values[1], (name, grid)
