"""``CNNClassifier``: a convolutional network that behaves like any sklearn classifier.

skorch turns a torch module into something with ``fit``/``predict``; it does
not own validation, label encoding, image shapes or seeding, and a plain
``skorch.NeuralNetClassifier`` fails most of scikit-learn's estimator checks.
This estimator owns those and delegates the training loop to skorch (kept as
the fitted attribute ``net_`` with its ``history``).
"""

from __future__ import annotations

import copy
import math
import numbers

import numpy as np
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, _fit_context
from sklearn.utils import check_array
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from .. import plugins
from ..optim import resolve_optimizer
from ..utils._holdout import holdout_split
from ..utils._random import int_seed
from ..utils._torch import import_torch, torch_threads
from ..utils._validation import (
    check_at_least_two_classes,
    numeric_input,
    validate_data,
)
from ._base import Architecture

__all__ = ["CNNClassifier"]


def _ndim(X):
    ndim = getattr(X, "ndim", None)
    if ndim is None:
        try:
            ndim = np.ndim(X)
        except (TypeError, ValueError):
            return None  # validate_data reports it
    return ndim


def _check_image_shape(image_shape):
    shape = image_shape
    if isinstance(shape, numbers.Integral) or not hasattr(shape, "__len__"):
        shape = None
    elif len(shape) not in (2, 3) or not all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 1
        for v in shape
    ):
        shape = None
    if shape is None:
        raise ValueError(
            "image_shape must be (height, width) or (channels, height, width) "
            f"with positive ints, got {image_shape!r}"
        )
    shape = tuple(int(v) for v in shape)
    return (1, *shape) if len(shape) == 2 else shape


class CNNClassifier(ClassifierMixin, TransformerMixin, BaseEstimator):
    """Convolutional neural network classifier on skorch, with named architectures.

    Images come in as ``(n_samples, height, width)``, ``(n_samples, channels,
    height, width)`` or flat ``(n_samples, channels * height * width)`` with
    ``image_shape``.  A flat input without ``image_shape`` is taken as one
    square single-channel image per row when ``n_features`` is a perfect
    square (64 -> 8x8), otherwise as a one-row image ``(1, 1, n_features)``.
    Values are cast to float32; labels may be of any type.

    Parameters
    ----------
    architecture : str or Architecture, default="lenet5"
        A registered architecture name (``"lenet5"``, ``"vgg_small"``,
        ``"resnet_small"``, or a third party's), an
        :class:`~skmath.cnn.Architecture` object (its parameters are
        searchable as ``architecture__<param>``) or class.
    image_shape : tuple of int, default=None
        ``(height, width)`` or ``(channels, height, width)`` of flat input.
    optimizer : str, optimizer plugin or torch.optim.Optimizer subclass, \
default="adam"
        A minibatch optimizer from :mod:`skmath.optim` by name or object
        (searchable as ``optimizer__<param>``).  Full-batch methods (``cg``,
        ``newton-cg``, ``bfgs``) are refused.
    lr : float, default=3e-3
        Learning rate of an optimizer given by name or class; an optimizer
        object keeps its own ``lr``.
    max_epochs : int, default=20
        Passes over the training data.
    batch_size : int, default=32
        Minibatch size.
    lr_schedule : {"cosine", "onecycle", "plateau"}, skorch LRScheduler or \
None, default="cosine"
        Learning-rate schedule: cosine annealing to zero over ``max_epochs``,
        one-cycle (warm-up then annealing, stepped every batch), halving on a
        plateau of the monitored loss, or any ``skorch.callbacks.LRScheduler``.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (stratified,
        seeded) and stop when its loss has not improved by ``tol`` for
        ``n_iter_no_change`` epochs; the best epoch's weights are kept.
    validation_fraction : float, default=0.1
        Held-out fraction used when ``early_stopping``.
    n_iter_no_change : int, default=5
        Patience of early stopping, in epochs.
    tol : float, default=1e-4
        Relative improvement of the validation loss that counts for early
        stopping.
    callbacks : list of skorch callbacks, default=None
        Extra skorch callbacks (copied at each fit).
    device : str, default="cpu"
        Torch device, e.g. ``"cuda"``.
    n_jobs : int, default=None
        Torch threads during fit and predict: ``None`` uses
        ``OMP_NUM_THREADS`` if set, else one thread; ``-1`` every core
        (see :func:`skmath.utils._torch.effective_n_threads`).  Unlike the
        MLP's, the count does not adapt to the load during a fit: the
        convolutions' results depend on it (two threads moved
        ``resnet_small``'s probabilities by 7e-3 after one epoch on digits),
        and a seed must give one model.
    random_state : int, RandomState instance or None, default=None
        Seeds the weights, the shuffling of minibatches, dropout and the
        validation split: the same seed gives the same model.
    verbose : int, default=0
        If positive, one line per epoch (``Epoch 3, train_loss = ...``) in a
        file or pipe, a progress bar over epochs on a terminal.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Features per sample (``channels * height * width``).
    feature_names_in_ : ndarray of str
        Column names, when ``X`` is a DataFrame with string column names.
    image_shape_ : tuple of int
        ``(channels, height, width)`` the network was built for.
    architecture_ : Architecture
        The resolved architecture plugin.
    optimizer_ : TorchOptimizer
        The resolved optimizer plugin.
    net_ : skorch.NeuralNetClassifier
        The trained skorch net; ``net_.history`` holds the losses per epoch and
        ``net_.module_`` the torch module.
    n_iter_ : int
        Epochs run (fewer than ``max_epochs`` after early stopping).
    loss_curve_ : list of float
        Training loss after each epoch.
    validation_loss_curve_ : list of float or None
        Held-out loss after each epoch when ``early_stopping``
        (``net_.history[:, "valid_loss"]``), as in the MLPs.
    validation_scores_ : list of float or None
        Held-out accuracy after each epoch when ``early_stopping``.
    best_validation_score_ : float or None
        Best held-out accuracy when ``early_stopping``.
    layer_names_ : list of str
        Names of the module's layers, accepted by ``transform(X, layer=...)``.
    n_threads_ : int
        Torch threads used by the last fit.

    See Also
    --------
    skmath.neural_network.MLPClassifier : fully connected network on flat features.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skmath.cnn import CNNClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(max_epochs=2, random_state=0, n_jobs=1)
    >>> clf.fit(X[:300] / 16, y[:300]).image_shape_
    (1, 8, 8)
    >>> clf.predict(X[300:305] / 16).shape, clf.transform(X[:2] / 16).shape
    ((5,), (2, 84))
    """

    _parameter_constraints = {
        "architecture": [str, type, Architecture],
        "image_shape": [tuple, list, None],
        "optimizer": "no_validation",  # skmath.optim.resolve_optimizer checks it
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "max_epochs": [Interval(numbers.Integral, 1, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr_schedule": [
            StrOptions({"cosine", "onecycle", "plateau"}),
            HasMethods(["initialize", "on_epoch_end"]),
            None,
        ],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(numbers.Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "callbacks": [list, None],
        "device": [str],
        "n_jobs": [numbers.Integral, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        architecture="lenet5",
        image_shape=None,
        optimizer="adam",
        lr=3e-3,
        max_epochs=20,
        batch_size=32,
        lr_schedule="cosine",
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=5,
        tol=1e-4,
        callbacks=None,
        device="cpu",
        n_jobs=None,
        random_state=None,
        verbose=0,
    ):
        self.architecture = architecture
        self.image_shape = image_shape
        self.optimizer = optimizer
        self.lr = lr
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr_schedule = lr_schedule
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.callbacks = callbacks
        self.device = device
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    # -- input ---------------------------------------------------------------
    def _validate_X(self, X, y=None, *, reset):
        """Flat float32 ``X`` (and ``y``), and the image shape of n-D input."""
        ndim = _ndim(X)
        nd_shape = None
        if ndim is not None and ndim > 4:
            raise ValueError(
                "X must be 2-D (n_samples, n_features), 3-D (n_samples, height, "
                f"width) or 4-D (n_samples, channels, height, width); got a {ndim}-D "
                f"array of shape {np.shape(X)}"
            )
        if ndim in (3, 4):
            with numeric_input(self, X):
                X = check_array(X, allow_nd=True, dtype=np.float32, input_name="X")
            nd_shape = (1, *X.shape[1:]) if ndim == 3 else tuple(X.shape[1:])
            if not reset:
                check_is_fitted(self)
                if nd_shape != self.image_shape_:
                    raise ValueError(
                        f"X has images of shape {nd_shape} (channels, height, "
                        f"width), but {type(self).__name__} was fitted on "
                        f"{self.image_shape_}"
                    )
            X = X.reshape(X.shape[0], -1)
        if y is None and not reset:
            X = validate_data(self, X, reset=False, dtype=np.float32)
            return X, nd_shape
        X, y = validate_data(self, X, y, reset=reset, dtype=np.float32)
        return X, y, nd_shape

    def _image_shape(self, nd_shape, n_features):
        if self.image_shape is not None:
            shape = _check_image_shape(self.image_shape)
            if nd_shape is not None and nd_shape != shape:
                raise ValueError(
                    f"image_shape={self.image_shape!r} but X holds images of shape "
                    f"{nd_shape} (channels, height, width)"
                )
            if math.prod(shape) != n_features:
                raise ValueError(
                    f"image_shape={self.image_shape!r} needs {math.prod(shape)} "
                    f"features per sample, but X has {n_features}"
                )
            return shape
        if nd_shape is not None:
            return nd_shape
        side = math.isqrt(n_features)
        if side * side == n_features:
            return (1, side, side)
        return (1, 1, n_features)

    @staticmethod
    def _images(X, image_shape):
        # writable C-contiguous float32 (n, C, H, W): torch warns on read-only arrays
        X = np.require(X, dtype=np.float32, requirements=["C", "W"])
        return X.reshape(X.shape[0], *image_shape)

    # -- fit -----------------------------------------------------------------
    def _callbacks(self, *, n_batches, lr, has_valid):
        from skorch.callbacks import EarlyStopping

        from ._skorch import LR_SCHEDULES, EpochLog, FiniteLoss, silent

        monitor = "valid_loss" if has_valid else "train_loss"
        callbacks = [("finite_loss", FiniteLoss())]
        if self.verbose:
            # skmath's log, not skorch's PrintLog table (ANSI colours) and
            # ProgressBar (\r redraws), which net verbose=0 keeps silent;
            # before early stopping, whose interrupt ends the last epoch
            callbacks.append(("epoch_log", EpochLog(total=self.max_epochs)))
        if self.lr_schedule is not None:
            if isinstance(self.lr_schedule, str):
                schedule = LR_SCHEDULES[self.lr_schedule](
                    max_epochs=self.max_epochs,
                    n_batches=n_batches,
                    lr=lr,
                    monitor=monitor,
                )
            else:
                schedule = copy.deepcopy(self.lr_schedule)
            callbacks.append(("lr_schedule", schedule))
        if self.early_stopping:
            callbacks.append(
                (
                    "early_stopping",
                    EarlyStopping(
                        monitor=monitor,
                        patience=self.n_iter_no_change,
                        threshold=self.tol,
                        load_best=True,
                        sink=silent,  # EpochLog reports the stop
                    ),
                )
            )
        for callback in self.callbacks or []:
            callbacks.append(copy.deepcopy(callback))
        return callbacks

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the network on images ``X`` and labels ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n_samples, height, \
width) or (n_samples, channels, height, width)
            Images.
        y : array-like of shape (n_samples,)
            Class labels of any type.

        Returns
        -------
        self : CNNClassifier
            The fitted estimator.
        """
        # Everything is checked and resolved into locals first: a refused fit
        # leaves no half-fitted state behind (only validate_data's metadata).
        X, y, nd_shape = self._validate_X(X, y, reset=True)
        image_shape = self._image_shape(nd_shape, X.shape[1])
        check_classification_targets(y)
        classes, y_encoded = np.unique(y, return_inverse=True)
        check_at_least_two_classes(classes, type(self).__name__)
        architecture = plugins.resolve(
            "architectures",
            self.architecture,
            param="architecture",
            base=Architecture,
        )
        architecture.validate()
        optimizer = resolve_optimizer(
            self.optimizer, learning_rate=self.lr, minibatch_for=type(self).__name__
        )
        torch_kwargs = dict(optimizer.torch_kwargs())
        lr = torch_kwargs.pop("lr", self.lr)
        seed = int_seed(self.random_state)
        y_encoded = y_encoded.astype(np.int64)
        train, valid = np.arange(len(y_encoded)), None
        if self.early_stopping:
            train, valid = holdout_split(
                len(y_encoded),
                self.validation_fraction,
                random_state=seed,
                stratify=y_encoded,
            )
        images = self._images(X, image_shape)
        batch_size = self.batch_size

        torch = import_torch()
        from skorch import NeuralNetClassifier
        from skorch.dataset import Dataset
        from skorch.helper import predefined_split

        # a last minibatch of one sample breaks batch normalisation
        drop_last = len(train) > batch_size and len(train) % batch_size == 1
        n_batches = (
            len(train) // batch_size if drop_last else -(-len(train) // batch_size)
        )
        callbacks = self._callbacks(
            n_batches=n_batches, lr=lr, has_valid=valid is not None
        )
        channels, height, width = image_shape
        with torch_threads(self.n_jobs) as threads, torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            module = architecture.build(
                n_channels=channels,
                height=height,
                width=width,
                n_classes=len(classes),
            )
            net = NeuralNetClassifier(
                module,
                criterion=torch.nn.CrossEntropyLoss,
                optimizer=optimizer.torch_class(),
                lr=lr,
                max_epochs=self.max_epochs,
                batch_size=batch_size,
                iterator_train__drop_last=drop_last,
                iterator_train__shuffle=True,
                train_split=(
                    None
                    if valid is None
                    else predefined_split(Dataset(images[valid], y_encoded[valid]))
                ),
                classes=np.arange(len(classes)),
                callbacks=callbacks,
                device=self.device,
                verbose=0,
                **{f"optimizer__{k}": v for k, v in torch_kwargs.items()},
            )
            net.fit(images[train], y_encoded[train])
        # skorch pickles only ``module_``, ``optimizer_`` and ``criterion_``
        # through its map_location-aware path, but ``module`` is the very
        # module it trained and the callbacks hold tensors (best weights, LR
        # schedule): a GPU-trained model then needed CUDA to unpickle
        net.cuda_dependent_attributes_ = [
            *net.cuda_dependent_attributes_,
            "module",
            "callbacks",
        ]
        self.image_shape_ = image_shape
        self.classes_ = classes
        self.architecture_ = architecture
        self.optimizer_ = optimizer
        self.net_ = net
        self.n_threads_ = threads.n_threads
        self.n_iter_ = len(net.history)
        self.loss_curve_ = [float(v) for v in net.history[:, "train_loss"]]
        # the MLPs' names for the held-out history (skorch's stays in net_)
        self.validation_loss_curve_ = self.validation_scores_ = None
        self.best_validation_score_ = None
        if valid is not None:
            self.validation_loss_curve_ = [
                float(v) for v in net.history[:, "valid_loss"]
            ]
            self.validation_scores_ = [float(v) for v in net.history[:, "valid_acc"]]
            self.best_validation_score_ = max(self.validation_scores_)
        self.layer_names_ = [name for name, _ in net.module_.named_modules() if name]
        return self

    def __sklearn_is_fitted__(self):
        # validate_data records n_features_in_ before a fit may be refused;
        # the model exists only once training has finished
        return hasattr(self, "net_")

    # -- predict -------------------------------------------------------------
    def _forward(self, X, layer=None, use_input=False):
        """Logits, or the output (input) of submodule ``layer``, as float64.

        Inference runs on a float64 copy of the module: float32 convolution
        kernels round differently with the batch size, so a sample's output
        would move (~1e-7) with the samples it is batched with.
        """
        X, _ = self._validate_X(X, reset=False)
        images = self._images(X, self.image_shape_)
        torch = import_torch()
        # the net's device, not the parameter: skorch maps a CUDA-trained net
        # to the CPU when it is unpickled on a machine without CUDA
        device = self.net_.device
        module = copy.deepcopy(self.net_.module_).to(device=device, dtype=torch.float64)
        module.eval()
        target = module if layer is None else module.get_submodule(layer)
        captured = []

        def hook(submodule, inputs, output):
            captured.append(inputs[0] if use_input else output)

        handle = target.register_forward_hook(hook)
        try:
            with torch_threads(self.n_jobs), torch.no_grad():
                for start in range(0, len(images), self.batch_size):
                    batch = torch.as_tensor(
                        images[start : start + self.batch_size], device=device
                    )
                    module(batch.to(torch.float64))
        finally:
            handle.remove()
        out = torch.cat([c.reshape(c.shape[0], -1) for c in captured])
        return out.cpu().numpy()

    def predict_proba(self, X):
        """Class probabilities (softmax of the network's outputs).

        Parameters
        ----------
        X : array-like
            Images, shaped as in :meth:`fit`.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Columns ordered as ``classes_``.
        """
        check_is_fitted(self)
        return softmax(self._forward(X), axis=1)

    def predict_log_proba(self, X):
        """Logarithm of the class probabilities (log-softmax, no underflow).

        Parameters
        ----------
        X : array-like
            Images, shaped as in :meth:`fit`.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Columns ordered as ``classes_``.
        """
        check_is_fitted(self)
        return log_softmax(self._forward(X), axis=1)

    def predict(self, X):
        """Predicted class labels.

        Parameters
        ----------
        X : array-like
            Images, shaped as in :meth:`fit`.

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        check_is_fitted(self)
        return self.classes_[np.argmax(self._forward(X), axis=1)]

    def transform(self, X, *, layer=None):
        """Learned features: the penultimate layer, or any named layer.

        Parameters
        ----------
        X : array-like
            Images, shaped as in :meth:`fit`.
        layer : str, default=None
            ``None``: the input of the output layer (the module's ``features``
            if it has them, else the input of its last ``Linear`` layer).
            Otherwise a name from ``layer_names_`` whose output is returned,
            flattened per sample.

        Returns
        -------
        ndarray of shape (n_samples, n_outputs)
            Features as float64.
        """
        check_is_fitted(self)
        module = self.net_.module_
        if layer is None:
            if hasattr(module, "features"):
                return self._forward(X, "features")
            torch = import_torch()
            linears = [
                name
                for name, m in module.named_modules()
                if isinstance(m, torch.nn.Linear)
            ]
            if not linears:
                raise ValueError(
                    f"{type(module).__name__} has neither a 'features' submodule "
                    "nor a Linear layer; pass layer= one of layer_names_"
                )
            return self._forward(X, linears[-1], use_input=True)
        if layer not in self.layer_names_:
            raise ValueError(
                f"unknown layer {layer!r}; layer_names_ are: "
                f"{', '.join(self.layer_names_)}"
            )
        return self._forward(X, layer)
