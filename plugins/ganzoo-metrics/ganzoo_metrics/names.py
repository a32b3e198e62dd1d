"""Dataset names as the metrics match them."""


def dataset_name(dataset: str) -> str:
    """``"toy:ring8"`` → ``"ring8"``: a recipe may pick a dataset's provider as ``plugin:name``."""
    return dataset.rpartition(":")[2]
