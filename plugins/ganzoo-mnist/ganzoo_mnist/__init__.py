"""MNIST, Fashion-MNIST and a shipped 5,000-digit MNIST sample for ganzoo.

The datasets are declared in :mod:`ganzoo_mnist.plugin`; everything else is imported only when a
run loads one of them.
"""
