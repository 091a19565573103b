"""CNNClassifier vs a plain skorch NeuralNetClassifier, and vs SVC / an MLP.

Overhead rows: the same LeNet-5 module (built by :class:`skmath.cnn.LeNet5`),
the same optimizer (Adam), learning rate, epochs, batch size and one torch
thread; skmath adds validation, label encoding, seeding and a float64
inference copy of the module.  Accuracy rows: ``load_digits`` with a
stratified 25% held-out split, every architecture against ``SVC(gamma=0.001)``
and an MLP on the same split.

Run: ``python benchmarks/run.py --quick --only cnn``.
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC
from threadpoolctl import threadpool_limits

from benchmarks._common import compare, row, same_work, scored
from skmath.cnn import CNNClassifier, LeNet5


def _data():
    X, y = load_digits(return_X_y=True)
    return train_test_split(X / 16, y, test_size=0.25, stratify=y, random_state=0)


def _skorch_net(max_epochs, batch_size, lr):
    import torch
    from skorch import NeuralNetClassifier

    torch.manual_seed(0)
    module = LeNet5().build(n_channels=1, height=8, width=8, n_classes=10)
    return NeuralNetClassifier(
        module,
        criterion=torch.nn.CrossEntropyLoss,
        optimizer=torch.optim.Adam,
        lr=lr,
        max_epochs=max_epochs,
        batch_size=batch_size,
        train_split=None,
        iterator_train__shuffle=True,
        verbose=0,
    )


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _mlp():
    try:
        from skmath.neural_network import MLPClassifier

        return "skmath MLPClassifier(100,)", MLPClassifier(
            hidden_layer_sizes=(100,), random_state=0
        )
    except ImportError:
        from sklearn.neural_network import MLPClassifier

        return "sklearn MLPClassifier(100,)", MLPClassifier(
            hidden_layer_sizes=(100,), max_iter=500, random_state=0
        )


def run(quick: bool) -> list[dict]:
    import torch

    X_train, X_test, y_train, y_test = _data()
    epochs = 3 if quick else 20
    repeats = 3 if quick else 5
    batch_size, lr = 32, 3e-3
    images_train = X_train.reshape(-1, 1, 8, 8).astype(np.float32)
    images_test = X_test.reshape(-1, 1, 8, 8).astype(np.float32)
    y_train64 = y_train.astype(np.int64)
    rows = []

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        ours = CNNClassifier(
            max_epochs=epochs,
            batch_size=batch_size,
            lr=lr,
            lr_schedule=None,
            n_jobs=1,
            random_state=0,
        )
        peer = {}

        def fit_peer():
            # a fresh net each time, like CNNClassifier.fit builds a fresh module
            peer["net"] = _skorch_net(epochs, batch_size, lr)
            peer["net"].fit(images_train, y_train64)

        ours_s, theirs_s = compare(
            lambda: ours.fit(X_train, y_train), fit_peer, repeats=repeats
        )
        theirs = peer["net"]
        rows.append(
            row(
                f"cnn_fit_lenet5_digits_{epochs}ep",
                ours_s,
                "skorch NeuralNetClassifier",
                theirs_s,
                work=same_work(
                    epochs=epochs,
                    batch_size=batch_size,
                    optimizer="adam",
                    lr=lr,
                    threads=1,
                    dtype="float32",
                    architecture="lenet5",
                ),
                accuracy=scored(
                    "held-out accuracy",
                    ours.score(X_test, y_test),
                    float(np.mean(theirs.predict(images_test) == y_test)),
                ),
                skmath_s_per_epoch=round(ours_s / epochs, 6),
                peer_s_per_epoch=round(theirs_s / epochs, 6),
            )
        )
        ours_s, theirs_s = compare(
            lambda: ours.predict(X_test),
            lambda: theirs.predict(images_test),
            repeats=repeats,
        )
        rows.append(
            row(
                "cnn_predict_lenet5_digits",
                ours_s,
                "skorch NeuralNetClassifier",
                theirs_s,
                work=same_work(n_samples=len(X_test), threads=1, dtype="float32"),
                accuracy=scored(
                    "held-out accuracy",
                    ours.score(X_test, y_test),
                    float(np.mean(theirs.predict(images_test) == y_test)),
                ),
            )
        )
    finally:
        torch.set_num_threads(previous)

    # one BLAS thread, like the one torch thread: spinning BLAS workers on a
    # busy machine made sklearn's MLP 50x slower
    with threadpool_limits(1):
        svc, svc_s = _timed(lambda: SVC(gamma=0.001).fit(X_train * 16, y_train))
        svc_accuracy = svc.score(X_test * 16, y_test)
        mlp_name, mlp = _mlp()
        mlp, mlp_s = _timed(lambda: mlp.fit(X_train, y_train))
        mlp_accuracy = mlp.score(X_test, y_test)
    for architecture in ("lenet5", "vgg_small", "resnet_small"):
        clf = CNNClassifier(
            architecture=architecture,
            max_epochs=5 if quick else 20,
            n_jobs=1,
            random_state=0,
        )
        clf, clf_s = _timed(lambda clf=clf: clf.fit(X_train, y_train))
        accuracy = round(clf.score(X_test, y_test), 4)
        rows.append(
            row(
                f"cnn_accuracy_{architecture}_digits",
                clf_s,
                "SVC(gamma=0.001)",
                svc_s,
                work={
                    "skmath": {
                        "architecture": architecture,
                        "epochs": clf.n_iter_,
                        "threads": 1,
                    },
                    "peer": {"model": "RBF SVC, one fit", "threads": 1},
                },
                accuracy=scored("held-out accuracy", accuracy, svc_accuracy),
            )
        )
        rows.append(
            row(
                f"cnn_accuracy_{architecture}_digits_vs_mlp",
                clf_s,
                mlp_name,
                mlp_s,
                work={
                    "skmath": {
                        "architecture": architecture,
                        "epochs": clf.n_iter_,
                        "threads": 1,
                    },
                    "peer": {
                        "model": "MLP (100,), default epochs",
                        "epochs": int(getattr(mlp, "n_iter_", 0)),
                        "threads": 1,
                    },
                },
                accuracy=scored("held-out accuracy", accuracy, mlp_accuracy),
            )
        )
    return rows
