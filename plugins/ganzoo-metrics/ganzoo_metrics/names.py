"""Dataset names as the metrics match them."""

MNIST_FAMILY = ("mnist", "mnist-sample", "fashion-mnist")  # the datasets a LeNet of the metrics is trained on


def dataset_name(dataset: str) -> str:
    """``"toy:ring8"`` → ``"ring8"``: a recipe may pick a dataset's provider as ``plugin:name``."""
    return dataset.rpartition(":")[2]
