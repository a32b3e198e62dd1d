"""CIFAR-10 and a folder of the user's own images for ganzoo.

The datasets are declared in :mod:`ganzoo_images.plugin`; everything else is imported only when a
run loads one of them.
"""
