"""verbose=True writes scikit-learn's per-iteration lines, plain in a pipe."""

import subprocess
import sys

import pytest

CODE = """
import numpy as np
from sklearn.datasets import load_digits
from skmath.neural_network import MLPClassifier

X, y = load_digits(return_X_y=True)
clf = MLPClassifier(
    (16,), optimizer={optimizer!r}, max_iter=6, early_stopping={early!r},
    n_iter_no_change=2, tol={tol!r}, random_state=0, n_jobs=1, verbose=True,
).fit(X[:400] / 16, y[:400])
print("CURVE", repr(clf.loss_curve_))
print("SCORES", repr(clf.validation_scores_))
print("VALID", repr(clf.validation_loss_curve_))
"""


def _fit_in_a_pipe(**kwargs):
    proc = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", CODE.format(**kwargs)],
        capture_output=True,
        text=True,
        check=True,
    )
    out = proc.stdout + proc.stderr
    assert "\r" not in out and "\x1b" not in out
    lines = proc.stdout.splitlines()
    curve = eval(lines[-3].removeprefix("CURVE "))
    scores = eval(lines[-2].removeprefix("SCORES "))
    valid = eval(lines[-1].removeprefix("VALID "))
    return lines[:-3], curve, (scores, valid)


@pytest.mark.parametrize("optimizer", ["adam", "lbfgs"])
def test_one_line_per_iteration(optimizer):
    lines, curve, _ = _fit_in_a_pipe(optimizer=optimizer, early=False, tol=1e-12)
    assert lines == [
        f"Iteration {n}, loss = {loss:.8f}" for n, loss in enumerate(curve, 1)
    ]


def test_validation_score_and_stopping_reason():
    lines, curve, (scores, valid) = _fit_in_a_pipe(
        optimizer="adam", early=True, tol=10.0
    )
    assert lines == [
        *(
            f"Iteration {n}, loss = {loss:.8f}, validation_loss = {vloss:.8f}, "
            f"validation_score = {score:.8f}"
            for n, (loss, vloss, score) in enumerate(zip(curve, valid, scores), 1)
        ),
        "Validation score did not improve more than tol=10.0 for 2 consecutive "
        "iterations. Stopping.",
    ]
