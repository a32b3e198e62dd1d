"""ganzoo-metrics: metrics for ``ganzoo evaluate``.

Mode coverage on the 2-D Gaussian mixtures (PacGAN, VEEGAN), and, for the MNIST family, the
Fréchet distance, KID, Inception Score, class coverage and a memorisation check measured with a
small classifier trained on the dataset itself (shipped for mnist-sample and Fashion-MNIST,
trained once and cached for other data), plus the mode count of stacked MNIST; for image-to-image models, L1,
PSNR and SSIM of paired outputs beside the identity or bicubic baseline, and for translations
between unpaired domains, the same classifier's view of them. :mod:`ganzoo_metrics.plugin`
declares them; everything else is imported only when ``ganzoo evaluate`` runs one.
"""
