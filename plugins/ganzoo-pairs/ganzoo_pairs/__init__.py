"""Paired, unpaired and super-resolution datasets for ganzoo's image-to-image GANs.

The datasets are declared in :mod:`ganzoo_pairs.plugin`; everything else (torch, numpy, Pillow) is
imported only when a run loads one of them.
"""
