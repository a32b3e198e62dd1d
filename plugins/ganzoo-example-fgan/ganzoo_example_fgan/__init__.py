"""f-GAN for ganzoo, written against ganzoo's public API only; see :mod:`ganzoo_example_fgan.plugin`."""
