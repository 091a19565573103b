"""
=======================================
Three CNN architectures on 8x8 digits
=======================================

:class:`skmath.cnn.CNNClassifier` trains a convolutional network like any
scikit-learn classifier.  The network is chosen by name from the
architecture plugins: ``lenet5`` (conv-pool-conv-pool and a fully connected
head), ``vgg_small`` (stacked 3x3 convolutions with batch normalisation) and
``resnet_small`` (residual blocks).  Each one sizes itself from the data, here
1-channel 8x8 images from :func:`sklearn.datasets.load_digits`.

We hold out a stratified 25% of the digits, train each architecture for a
few epochs, and compare held-out accuracy, training time and the training
loss per epoch.  Then we look at what the first layer of one network learned,
and reuse its penultimate features (``transform``) in another estimator.
"""

# %%
# Data: flat rows of 64 pixels are read as 8x8 single-channel images.
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from skmath.cnn import CNNClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X / 16, y, test_size=0.25, stratify=y, random_state=0
)

# %%
# Train each architecture with the same optimizer (Adam, cosine-annealed
# learning rate) and the same seed.
results = {}
for name in ("lenet5", "vgg_small", "resnet_small"):
    clf = CNNClassifier(architecture=name, max_epochs=8, random_state=0)
    start = time.perf_counter()
    clf.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    results[name] = (clf, seconds, clf.score(X_test, y_test))
    print(f"{name:13s} accuracy {results[name][2]:.4f}  fit {seconds:.1f} s")

# %%
# Training loss per epoch (``loss_curve_``, from skorch's ``net_.history``)
# and held-out accuracy.
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.5))
for name, (clf, _, _) in results.items():
    ax_loss.plot(range(1, clf.n_iter_ + 1), clf.loss_curve_, marker="o", label=name)
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epoch")
ax_loss.set_ylabel("training loss")
ax_loss.legend()
names = list(results)
ax_acc.bar(names, [results[n][2] for n in names], color=["C0", "C1", "C2"])
ax_acc.set_ylim(0.9, 1.0)
ax_acc.set_ylabel("held-out accuracy")
for i, n in enumerate(names):
    ax_acc.text(i, results[n][2] + 0.002, f"{results[n][1]:.1f} s", ha="center")
fig.tight_layout()

# %%
# The first convolution of LeNet-5: six 5x5 filters, red positive and blue
# negative weights, and the six feature maps they produce on one digit
# (``transform`` with a layer name returns any layer's output).
lenet = results["lenet5"][0]
filters = lenet.net_.module_.features[0].weight.detach().numpy()[:, 0]
maps = lenet.transform(X_test[:1], layer="features.1").reshape(6, 8, 8)
fig, axes = plt.subplots(2, 7, figsize=(9, 2.8))
axes[0, 0].imshow(X_test[0].reshape(8, 8), cmap="gray_r")
axes[0, 0].set_title("input")
for i in range(6):
    limit = np.abs(filters[i]).max()
    axes[0, i + 1].imshow(filters[i], cmap="RdBu_r", vmin=-limit, vmax=limit)
    axes[0, i + 1].set_title(f"filter {i}")
    axes[1, i + 1].imshow(maps[i], cmap="viridis")
for ax in axes.ravel():
    ax.set_axis_off()
fig.tight_layout()

# %%
# The penultimate layer as features: ``transform`` returns the 128 features
# the VGG network feeds its output layer, so the network can feed another
# estimator.  A nearest-neighbour classifier on them against one on the raw
# pixels:
vgg = results["vgg_small"][0]
knn_pixels = KNeighborsClassifier().fit(X_train, y_train)
knn_features = KNeighborsClassifier().fit(vgg.transform(X_train), y_train)
pixels_accuracy = knn_pixels.score(X_test, y_test)
features_accuracy = knn_features.score(vgg.transform(X_test), y_test)
print(f"kNN on pixels:       {pixels_accuracy:.4f}")
print(f"kNN on VGG features: {features_accuracy:.4f}")

plt.show()
