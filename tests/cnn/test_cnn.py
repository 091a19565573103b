"""CNNClassifier and the architecture plugins: shapes, labels, seeding, errors."""

import io
import pickle

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from skmath import plugins
from skmath.cnn import Architecture, CNNClassifier, LeNet5, ResNetSmall, VGGSmall

FAST = {"max_epochs": 2, "batch_size": 32, "n_jobs": 1, "random_state": 0}


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:240] / 16, y[:240]


@pytest.fixture(scope="module")
def fitted(digits):
    X, y = digits
    return CNNClassifier(**FAST).fit(X, y)


# -- architectures ---------------------------------------------------------
@pytest.mark.parametrize("arch", [LeNet5(), VGGSmall(), ResNetSmall()])
@pytest.mark.parametrize("shape", [(1, 8, 8), (3, 28, 28), (1, 1, 2), (2, 5, 7)])
def test_architectures_build_for_any_image_size(arch, shape):
    import torch

    module = arch.build(
        n_channels=shape[0], height=shape[1], width=shape[2], n_classes=4
    )
    module.eval()
    out = module(torch.zeros(3, *shape))
    assert out.shape == (3, 4)
    assert module.features(torch.zeros(3, *shape)).ndim == 2


@pytest.mark.parametrize("name", ["lenet5", "vgg_small", "resnet_small"])
def test_architectures_are_registered_plugins(name):
    cls = plugins.get("architectures", name)
    assert issubclass(cls, Architecture)
    assert "dropout" in cls().get_params()


@pytest.mark.parametrize(
    "arch, match",
    [
        (LeNet5(channels=(6,)), "channels"),
        (VGGSmall(widths=(0, 4)), "widths"),
        (ResNetSmall(dropout=1.5), "dropout"),
    ],
)
def test_invalid_architecture_parameters(digits, arch, match):
    X, y = digits
    with pytest.raises(ValueError, match=match):
        arch.validate()
    with pytest.raises(ValueError, match=match):
        CNNClassifier(architecture=arch, **FAST).fit(X, y)


def test_unknown_architecture_lists_names(digits):
    X, y = digits
    with pytest.raises(ValueError, match="lenet5.*resnet_small"):
        CNNClassifier(architecture="alexnet", **FAST).fit(X, y)


class _Tiny(Architecture):
    """A third-party architecture without a ``features`` split."""

    def __init__(self, *, width=4):
        self.width = width

    def build(self, *, n_channels, height, width, n_classes):
        from torch import nn

        return nn.Sequential(
            nn.Flatten(),
            nn.Linear(n_channels * height * width, self.width),
            nn.ReLU(),
            nn.Linear(self.width, n_classes),
        )


def test_third_party_architecture(digits):
    X, y = digits
    plugins.register("architectures", "tiny", _Tiny)
    try:
        clf = CNNClassifier(architecture="tiny", **FAST).fit(X, y)
    finally:
        plugins.registry("architectures").unregister("tiny")
    assert clf.transform(X[:5]).shape == (5, 4)  # input of the last Linear
    assert clf.transform(X[:5], layer="1").shape == (5, 4)
    clf = CNNClassifier(architecture=_Tiny(width=3), **FAST).fit(X, y)
    assert clf.transform(X[:5]).shape == (5, 3)


# -- input shapes and labels -----------------------------------------------
def test_input_shapes_give_the_same_model(digits):
    X, y = digits
    ref = CNNClassifier(**FAST).fit(X, y)
    assert ref.image_shape_ == (1, 8, 8)
    expected = ref.predict_proba(X)
    for Xs, kw in [
        (X.reshape(-1, 8, 8), {}),
        (X.reshape(-1, 1, 8, 8), {}),
        (X, {"image_shape": (8, 8)}),
        (X, {"image_shape": (1, 8, 8)}),
        (X.astype(np.float32), {}),
    ]:
        clf = CNNClassifier(**FAST, **kw).fit(Xs, y)
        assert clf.image_shape_ == (1, 8, 8)
        assert clf.n_features_in_ == 64
        np.testing.assert_allclose(clf.predict_proba(Xs), expected, atol=1e-6)
    # a fitted model takes any of the shapes
    np.testing.assert_allclose(ref.predict_proba(X.reshape(-1, 1, 8, 8)), expected)


def test_multichannel_and_non_square(rng):
    X = rng.normal(size=(40, 3, 5, 7))
    y = np.arange(40) % 2
    clf = CNNClassifier(**FAST).fit(X, y)
    assert clf.image_shape_ == (3, 5, 7)
    assert clf.predict(X.reshape(40, -1)).shape == (40,)
    flat = CNNClassifier(**FAST).fit(X.reshape(40, -1)[:, :10], y)
    assert flat.image_shape_ == (1, 1, 10)


@pytest.mark.parametrize(
    "X_shape, kw, match",
    [
        ((20, 1, 1, 8, 8), {}, "5-D"),
        ((20, 64), {"image_shape": (9, 9)}, "needs 81 features"),
        ((20, 8, 8), {"image_shape": (4, 16)}, "image_shape"),
        ((20, 64), {"image_shape": (0, 8)}, "positive"),
        ((20, 64), {"image_shape": (8, 8, 1, 1)}, "image_shape"),
    ],
)
def test_bad_shapes_fail_before_training(X_shape, kw, match):
    X = np.zeros(X_shape)
    y = np.arange(20) % 2
    with pytest.raises(ValueError, match=match):
        CNNClassifier(**FAST, **kw).fit(X, y)


def test_wrong_image_shape_at_predict(fitted):
    with pytest.raises(ValueError, match=r"\(1, 9, 9\).*\(1, 8, 8\)"):
        fitted.predict(np.zeros((2, 9, 9)))
    with pytest.raises(ValueError, match="65 features"):
        fitted.predict(np.zeros((2, 65)))


@pytest.mark.parametrize(
    "X_bad, y_bad, match",
    [
        (np.full((20, 8, 8), np.nan), None, "NaN"),
        (np.zeros((0, 8, 8)), None, "0 sample"),
        (np.zeros((19, 8, 8)), None, "inconsistent"),
        (None, np.zeros(20), "only one class"),
        (None, np.linspace(0, 1, 20), "Unknown label type"),
    ],
)
def test_bad_input_errors(X_bad, y_bad, match):
    X = np.zeros((20, 8, 8)) if X_bad is None else X_bad
    y = np.arange(20) % 2 if y_bad is None else y_bad
    with pytest.raises(ValueError, match=match):
        CNNClassifier(**FAST).fit(X, y)


def test_string_labels(digits):
    X, y = digits
    names = np.array(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )
    clf = CNNClassifier(**FAST).fit(X, names[y])
    assert set(clf.predict(X)) <= set(names)
    assert list(clf.classes_) == sorted(names)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_allclose(np.exp(clf.predict_log_proba(X)), proba)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(1)], clf.predict(X))


def test_input_not_modified(digits):
    X, y = digits
    X32 = X.astype(np.float32)
    X_copy, y_copy = X32.copy(), y.copy()
    CNNClassifier(**FAST).fit(X32, y).predict(X32)
    np.testing.assert_array_equal(X32, X_copy)
    np.testing.assert_array_equal(y, y_copy)


# -- seeding, persistence, fitted state --------------------------------------
def test_same_seed_same_model(digits):
    X, y = digits
    kw = {**FAST, "architecture": "vgg_small", "early_stopping": True}
    a = CNNClassifier(**kw).fit(X, y).predict_proba(X)
    b = CNNClassifier(**kw).fit(X, y).predict_proba(X)
    c = CNNClassifier(**{**kw, "random_state": 1}).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    clf = CNNClassifier(**kw).fit(X, y)  # early stopping callbacks pickle too
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(clf)).predict_proba(X), a)


def test_seeding_leaves_global_torch_rng_alone(digits):
    import torch

    X, y = digits
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    CNNClassifier(**FAST).fit(X, y)
    assert torch.equal(torch.rand(3), expected)


def test_pickle_and_joblib_round_trip(fitted, digits, tmp_path):
    X, _ = digits
    expected = fitted.predict_proba(X)
    loaded = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(loaded.predict_proba(X), expected)
    joblib.dump(fitted, tmp_path / "cnn.joblib")
    loaded = joblib.load(tmp_path / "cnn.joblib")
    np.testing.assert_array_equal(loaded.predict_proba(X), expected)
    np.testing.assert_array_equal(loaded.transform(X), fitted.transform(X))


def test_fitted_attributes_and_clone(fitted):
    assert len(fitted.net_.history) == fitted.n_iter_ == 2
    assert len(fitted.loss_curve_) == 2
    assert fitted.n_threads_ == 1
    assert type(fitted.architecture_).__name__ == "LeNet5"
    assert type(fitted.optimizer_).__name__ == "Adam"
    assert fitted.architecture == "lenet5"  # the parameter is not rewritten
    assert not hasattr(clone(fitted), "net_")
    with pytest.raises(NotFittedError):
        clone(fitted).predict(np.zeros((2, 64)))


def test_transform_features_and_layers(fitted, digits):
    X, _ = digits
    assert fitted.transform(X[:7]).shape == (7, 84)
    assert "features.0" in fitted.layer_names_ and "head" in fitted.layer_names_
    conv = fitted.transform(X[:7], layer="features.0")
    assert conv.shape == (7, 6 * 8 * 8)
    with pytest.raises(ValueError, match="unknown layer 'nope'.*features.0"):
        fitted.transform(X, layer="nope")


# -- optimizers, callbacks, divergence ---------------------------------------
def test_optimizer_objects_and_lr(digits):
    from skmath.optim import SGD

    X, y = digits
    fast = {**FAST, "lr_schedule": None}  # keep lr constant
    clf = CNNClassifier(**fast, optimizer="sgd", lr=0.05).fit(X, y)
    assert clf.net_.optimizer_.param_groups[0]["lr"] == 0.05
    clf = CNNClassifier(**fast, optimizer=SGD(lr=0.2), lr=0.05).fit(X, y)
    assert clf.net_.optimizer_.param_groups[0]["lr"] == 0.2
    clf.set_params(optimizer__lr=0.3)
    assert clf.optimizer.lr == 0.3


@pytest.mark.parametrize("name", ["bfgs", "cg", "lbfgs", "newton-cg"])
def test_full_batch_optimizers_refused(digits, name):
    X, y = digits
    clf = CNNClassifier(optimizer=name, **FAST)
    with pytest.raises(ValueError, match="full-batch"):
        clf.fit(X, y)
    # a refused fit leaves no half-fitted state behind
    assert not hasattr(clf, "architecture_") and not hasattr(clf, "net_")
    with pytest.raises(NotFittedError):
        clf.predict(X)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"lr": -1.0}, "lr"),
        ({"max_epochs": 0}, "max_epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"optimizer": "nope"}, "adam"),
        ({"lr_schedule": "linear"}, "lr_schedule"),
    ],
)
def test_invalid_hyperparameters(digits, params, match):
    X, y = digits
    with pytest.raises((ValueError, TypeError), match=match):
        CNNClassifier(**{**FAST, **params}).fit(X, y)


def test_early_stopping_and_schedule(digits):
    X, y = digits
    clf = CNNClassifier(
        **{**FAST, "max_epochs": 30},
        early_stopping=True,
        n_iter_no_change=1,
        tol=0.5,
        lr_schedule="cosine",
    ).fit(X, y)
    assert clf.n_iter_ < 30
    history = clf.net_.history
    assert "valid_loss" in history[-1]
    lrs = history[:, "event_lr"]
    assert lrs[1] < lrs[0]


@pytest.mark.parametrize("schedule", ["onecycle", "plateau"])
def test_other_schedules(digits, schedule):
    X, y = digits
    clf = CNNClassifier(**{**FAST, "max_epochs": 3}, lr_schedule=schedule).fit(X, y)
    assert clf.n_iter_ == 3


def test_skorch_callback_objects(digits):
    from skorch.callbacks import LRScheduler
    from torch.optim.lr_scheduler import StepLR

    X, y = digits
    schedule = LRScheduler(policy=StepLR, step_size=1, gamma=0.1)
    clf = CNNClassifier(**{**FAST, "max_epochs": 2}, lr_schedule=schedule).fit(X, y)
    lrs = clf.net_.history[:, "event_lr"]
    assert lrs[1] == pytest.approx(lrs[0] * 0.1)
    assert not hasattr(schedule, "policy_")  # the parameter is copied, not used


def test_nan_loss_raises(digits):
    X, y = digits
    with pytest.raises(FloatingPointError, match="diverged"):
        CNNClassifier(**FAST, optimizer="sgd", lr=1e6).fit(X * 100, y)


def test_verbose_log_is_plain_lines_in_a_file(digits, capfd):
    X, y = digits
    # tol=10: only the first epoch counts as an improvement, the second stops
    clf = CNNClassifier(
        **{**FAST, "max_epochs": 4},
        verbose=1,
        early_stopping=True,
        n_iter_no_change=1,
        tol=10.0,
    ).fit(X, y)
    out, err = capfd.readouterr()
    # not a terminal: no tqdm redraws (\r), no ANSI colours (skorch's PrintLog)
    assert "\r" not in out + err and "\x1b" not in out + err
    lines = out.splitlines()
    epochs = [line for line in lines if line.startswith("Epoch ")]
    assert len(epochs) == clf.n_iter_
    history = clf.net_.history
    assert epochs[0].startswith(
        f"Epoch 1, train_loss = {history[0, 'train_loss']:.8f}, "
        f"valid_loss = {history[0, 'valid_loss']:.8f}"
    )
    assert clf.n_iter_ == 2
    assert lines[-1] == (
        "Early stopping after 2 of 4 epochs: the monitored loss stopped improving."
    )
    assert err == ""


# -- composition -------------------------------------------------------------
def test_pipeline_and_grid_search(digits):
    X, y = digits
    pipe = make_pipeline(
        FunctionTransformer(lambda Z: Z * 2 - 1), CNNClassifier(**FAST)
    )
    search = GridSearchCV(
        pipe,
        {
            "cnnclassifier__architecture": ["lenet5", VGGSmall(widths=(8,))],
            "cnnclassifier__lr": [1e-3, 1e-2],
        },
        cv=2,
    ).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert search.predict(X).shape == (240,)


def test_digits_accuracy():
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16, y, test_size=0.25, stratify=y, random_state=0
    )
    clf = CNNClassifier(
        architecture="vgg_small",
        max_epochs=6,
        lr=3e-3,
        batch_size=32,
        lr_schedule="cosine",
        n_jobs=1,
        random_state=0,
    ).fit(X_train, y_train)
    assert clf.score(X_test, y_test) > 0.95


def test_cuda_pickle_loads_on_cpu(digits, monkeypatch):
    import torch
    import torch.serialization

    if torch.cuda.is_available():
        pytest.skip("needs a machine without CUDA")
    X, y = digits
    clf = CNNClassifier(**FAST).fit(X, y)
    expected = clf.predict_proba(X)
    clf.set_params(device="cuda")
    clf.net_.device = "cuda"  # as if trained on a GPU
    # Pickle as a GPU machine writes it: torch.save records each storage's
    # device from ``location_tag``; tag them all "cuda:0".
    with monkeypatch.context() as m:
        m.setattr(torch.serialization, "location_tag", lambda storage: "cuda:0")
        blob = pickle.dumps(clf)
        buffer = io.BytesIO()
        torch.save(clf.net_.module_.state_dict(), buffer)
    assert b"cuda:0" in blob
    # such a state dict really claims CUDA: torch refuses it on this machine
    # unless it is mapped to the CPU
    buffer.seek(0)
    with pytest.raises(RuntimeError, match="(?i)cuda"):
        torch.load(buffer, weights_only=True)
    with pytest.warns(UserWarning, match="cpu"):
        loaded = pickle.loads(blob)
    assert next(loaded.net_.module_.parameters()).device.type == "cpu"
    np.testing.assert_array_equal(loaded.predict_proba(X), expected)


@pytest.mark.parametrize("optimizer", ["adagrad", "rmsprop", "torch.optim.NAdam"])
def test_other_minibatch_optimizers(digits, optimizer):
    import torch

    X, y = digits
    if optimizer == "torch.optim.NAdam":
        optimizer = torch.optim.NAdam
    clf = CNNClassifier(**{**FAST, "max_epochs": 1}, optimizer=optimizer).fit(X, y)
    assert np.isfinite(clf.loss_curve_).all()


def test_tour_section(tmp_path, monkeypatch):
    from skmath.cnn import _tour

    monkeypatch.setattr(_tour, "ARCHITECTURES", ("lenet5",))  # keep it short
    section = _tour.run_section(quick=True, out_dir=tmp_path, random_state=0)
    assert section.rows[0][0] == "lenet5"
    assert section.rows[0][3] > 0.9  # held-out accuracy
    assert section.figures[0].exists()
