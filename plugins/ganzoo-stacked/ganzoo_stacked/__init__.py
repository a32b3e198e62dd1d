"""ganzoo-stacked: the stacked-MNIST dataset of the mode-collapse literature."""
