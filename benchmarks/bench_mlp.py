"""MLP training: skmath vs scikit-learn's MLPClassifier and a plain torch loop.

Rows (ratio = skmath time / peer time, medians, interleaved runs):

- ``adam digits``: MLPClassifier(64) on load_digits, equal epochs, vs sklearn;
- ``adam synthetic``: (256, 256) on 30k x 100 (quick: 6k), batch 256, 5 epochs
  (quick: 2), vs sklearn and vs a hand-written torch loop with the same
  threads, batch size and shuffling;
- ``<method> to loss``: full-batch methods on digits until the training loss
  reaches a target, vs sklearn's ``solver="lbfgs"`` (iterations in a column).

Accuracy columns are on a held-out 25 %.
"""

from __future__ import annotations

import warnings

import numpy as np

from benchmarks._common import compare, row, scored


def _digits():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=0, stratify=y
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def _synthetic(n_samples):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n_samples, 100)).astype(np.float32)
    w = rng.normal(size=(100, 5))
    y = np.argmax(X @ w + 0.5 * rng.normal(size=(n_samples, 5)), axis=1)
    n_test = n_samples // 4
    return X[n_test:], X[:n_test], y[n_test:], y[:n_test]


def _plain_torch_loop(X, y, hidden, epochs, batch_size, lr, n_threads, seed=0):
    """What a user writes by hand: Linear/ReLU stack, Adam, shuffled batches."""
    import torch

    previous = torch.get_num_threads()
    if n_threads is not None:  # None: torch's own default
        torch.set_num_threads(n_threads)
    try:
        torch.manual_seed(seed)
        sizes = [X.shape[1], *hidden]
        layers = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            layers += [torch.nn.Linear(fan_in, fan_out), torch.nn.ReLU()]
        model = torch.nn.Sequential(
            *layers, torch.nn.Linear(sizes[-1], int(y.max()) + 1)
        )
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        Xt = torch.as_tensor(X, dtype=torch.float32)
        yt = torch.as_tensor(y, dtype=torch.long)
        for _ in range(epochs):
            order = torch.randperm(len(Xt))
            for start in range(0, len(Xt), batch_size):
                idx = order[start : start + batch_size]
                optimizer.zero_grad()
                loss = torch.nn.functional.cross_entropy(model(Xt[idx]), yt[idx])
                loss.backward()
                optimizer.step()
        return model
    finally:
        torch.set_num_threads(previous)


def _plain_accuracy(model, X, y):
    import torch

    with torch.no_grad():
        pred = model(torch.as_tensor(X, dtype=torch.float32)).argmax(1).numpy()
    return float(np.mean(pred == y))


def _peer_dtype(X):
    return "float32" if np.asarray(X).dtype == np.float32 else "float64"


def _minibatch_work(ours, X, epochs, batch_size, peer_threads):
    """``work`` of an equal-epoch Adam comparison."""
    base = {"epochs": epochs, "batch_size": batch_size, "optimizer": "adam"}
    return {
        "skmath": dict(base, threads=ours.n_threads_, dtype=ours.optimizer_.dtype),
        "peer": dict(base, threads=peer_threads, dtype=_peer_dtype(X)),
    }


def _blas_threads():
    from threadpoolctl import threadpool_info

    counts = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    return max(counts) if counts else 1


def _sk_iterations_to(model, X, y, target, limit=200):
    """Fewest max_iter at which scikit-learn's L-BFGS reaches ``target``."""
    for max_iter in range(1, limit):
        model.set_params(max_iter=max_iter).fit(X, y)
        if model.loss_ <= target:
            return max_iter
    return None


def run(quick=False):
    from sklearn.neural_network import MLPClassifier as SkMLP
    from threadpoolctl import threadpool_limits

    from skmath.neural_network import MLPClassifier

    warnings.simplefilter("ignore")  # ConvergenceWarning at a fixed epoch budget
    repeats = 3 if quick else 5
    rows = []
    common = {"alpha": 0.0, "tol": 0.0, "n_iter_no_change": 10**6, "random_state": 0}
    acc = "held-out accuracy"

    # -- adam, equal epochs, digits -------------------------------------------
    X_train, X_test, y_train, y_test = _digits()
    epochs = 20 if quick else 50
    ours = MLPClassifier((64,), max_iter=epochs, **common)
    theirs = SkMLP((64,), solver="adam", max_iter=epochs, **common)
    t_ours, t_theirs = compare(
        lambda: ours.fit(X_train, y_train),
        lambda: theirs.fit(X_train, y_train),
        repeats=repeats,
    )
    rows.append(
        row(
            f"adam digits (64,) {epochs} epochs",
            t_ours,
            "sklearn MLPClassifier",
            t_theirs,
            work=_minibatch_work(ours, X_train, epochs, 200, _blas_threads()),
            accuracy=scored(
                acc, ours.score(X_test, y_test), theirs.score(X_test, y_test)
            ),
        )
    )

    # -- adam, equal epochs, (256, 256) on synthetic data ---------------------
    n_samples = 8000 if quick else 40000  # 3/4 for training: 6k / 30k
    epochs = 2 if quick else 5
    X_train, X_test, y_train, y_test = _synthetic(n_samples)
    params = {"max_iter": epochs, "batch_size": 256, **common}
    ours = MLPClassifier((256, 256), **params)
    theirs = SkMLP((256, 256), solver="adam", **params)
    t_ours, t_theirs = compare(
        lambda: ours.fit(X_train, y_train),
        lambda: theirs.fit(X_train, y_train),
        repeats=repeats,
    )
    name = f"adam {len(X_train)}x100 (256,256) {epochs} epochs"
    rows.append(
        row(
            name,
            t_ours,
            "sklearn MLPClassifier",
            t_theirs,
            work=_minibatch_work(ours, X_train, epochs, 256, _blas_threads()),
            accuracy=scored(
                acc, ours.score(X_test, y_test), theirs.score(X_test, y_test)
            ),
        )
    )
    n_threads = ours.n_threads_
    # scikit-learn's BLAS threads suffer on a busy machine too: the same fit
    # with BLAS limited to skmath's thread count

    def sk_limited():
        with threadpool_limits(limits=n_threads, user_api="blas"):
            theirs.fit(X_train, y_train)

    t_ours, t_theirs = compare(
        lambda: ours.fit(X_train, y_train), sk_limited, repeats=repeats
    )
    rows.append(
        row(
            name,
            t_ours,
            f"sklearn MLPClassifier, {n_threads} BLAS thread(s)",
            t_theirs,
            work=_minibatch_work(ours, X_train, epochs, 256, n_threads),
            accuracy=scored(
                acc, ours.score(X_test, y_test), theirs.score(X_test, y_test)
            ),
        )
    )
    plain = {}

    def plain_fit():
        plain["model"] = _plain_torch_loop(
            X_train, y_train, (256, 256), epochs, 256, 1e-3, n_threads
        )

    ours_fixed = MLPClassifier((256, 256), n_jobs=n_threads, **params)
    t_ours, t_plain = compare(
        lambda: ours_fixed.fit(X_train, y_train), plain_fit, repeats=repeats
    )
    work = _minibatch_work(ours_fixed, X_train, epochs, 256, n_threads)
    work["peer"].update(dtype="float32", backward="torch autograd")
    work["skmath"]["backward"] = "hand-written backprop"
    rows.append(
        row(
            name,
            t_ours,
            "plain torch loop",
            t_plain,
            work=work,
            accuracy=scored(
                acc,
                ours_fixed.score(X_test, y_test),
                _plain_accuracy(plain["model"], X_test, y_test),
            ),
        )
    )

    # -- full-batch methods on digits, one thread on both sides ---------------
    # Every side runs with one thread: skmath n_jobs=1 (NumPy's BLAS is held
    # to one thread during its fits anyway), scikit-learn under a one-thread
    # BLAS limit.  L-BFGS against L-BFGS runs the same number of iterations on
    # both sides; the other methods run to the iteration at which each side
    # first reaches the target training loss.
    X_train, X_test, y_train, y_test = _digits()
    target = 0.05
    loss = f"training loss (target {target})"
    with threadpool_limits(limits=1, user_api="blas"):
        theirs = SkMLP(
            (64,), solver="lbfgs", max_iter=500, tol=0.0, alpha=0.0, random_state=0
        )
        sk_iters = _sk_iterations_to(theirs, X_train, y_train, target)
        for method in ("lbfgs", "cg", "newton-cg", "bfgs"):
            ours = MLPClassifier(
                (64,), optimizer=method, max_iter=500, n_jobs=1, **common
            )
            ours.fit(X_train, y_train)  # once, to count iterations to the target
            hit = np.flatnonzero(np.asarray(ours.loss_curve_) <= target)
            n_iter = int(hit[0]) + 1 if hit.size else 500
            if method == "lbfgs":  # same algorithm: equal iterations
                n_iter = peer_iter = max(n_iter, sk_iters or 0)
                label = f"{method} digits (64,) equal iterations"
            else:
                peer_iter = sk_iters
                label = f"{method} digits (64,) to loss {target}"
            ours.set_params(max_iter=n_iter)
            theirs.set_params(max_iter=peer_iter)
            t_ours, t_theirs = compare(
                lambda: ours.fit(X_train, y_train),  # noqa: B023 - run right away
                lambda: theirs.fit(X_train, y_train),
                repeats=1 if method == "bfgs" or quick else 5,
                warmup=0 if method == "bfgs" else 1,
            )
            rows.append(
                row(
                    label,
                    t_ours,
                    "sklearn lbfgs",
                    t_theirs,
                    work={
                        "skmath": {
                            "optimizer": method,
                            "iterations": ours.n_iter_,
                            "threads": 1,
                            "dtype": ours.optimizer_.dtype,
                        },
                        "peer": {
                            "optimizer": "lbfgs",
                            "iterations": theirs.n_iter_,
                            "threads": 1,
                            "dtype": "float64",
                        },
                    },
                    accuracy=scored(loss, ours.loss_, theirs.loss_),
                    skmath_acc=round(ours.score(X_test, y_test), 4),
                    peer_acc=round(theirs.score(X_test, y_test), 4),
                )
            )
    return rows


if __name__ == "__main__":  # pragma: no cover
    import sys

    for r in run(quick="--quick" in sys.argv):
        print(r)
