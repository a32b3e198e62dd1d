"""Declares the metrics without importing torch: each factory is a ``"module:attribute"`` string,
imported only when ``ganzoo evaluate`` builds it."""

from __future__ import annotations

from ganzoo import hookimpl
from ganzoo.hookspecs import RegisterPart


@hookimpl
def ganzoo_register_metrics(register: RegisterPart) -> None:
    register(
        "mode-coverage",
        "ganzoo_metrics.mixture_metric:ModeCoverageMetric",
        description="ring8, grid25: modes covered, % high-quality samples (within 3σ of a mode) and reverse KL"
        " over 2,500 samples (PacGAN, VEEGAN)",
    )
    register(
        "classifier-fd",
        "ganzoo_metrics.image_metrics:FrechetDistanceMetric",
        description="MNIST family: Fréchet distance in the features of a LeNet trained on the dataset (FID's formula)",
    )
    register(
        "classifier-kid",
        "ganzoo_metrics.image_metrics:KernelDistanceMetric",
        description="MNIST family: kernel distance (unbiased MMD², cubic kernel) in the same LeNet features",
    )
    register(
        "classifier-is",
        "ganzoo_metrics.image_metrics:InceptionScoreMetric",
        description="MNIST family: Inception Score with the dataset's LeNet instead of Inception-v3 (at most 10)",
    )
    register(
        "class-coverage",
        "ganzoo_metrics.image_metrics:ClassCoverageMetric",
        description="MNIST family: classes the generated images are classified as, and KL of that histogram from uniform",
    )
    register(
        "memorisation",
        "ganzoo_metrics.memorisation_metric:MemorisationMetric",
        description="MNIST family: distance of generated and of held-out images to their nearest training image, in"
        " pixels and LeNet features (median, 5th percentile); a ratio well below 1 means copies",
    )
    register(
        "paired-fidelity",
        "ganzoo_metrics.paired_metric:PairedFidelityMetric",
        description="paired images and super-resolution (pix2pix, SRGAN): L1, PSNR and SSIM of the outputs against held-out"
        " targets, beside the identity or bicubic baseline",
    )
    register(
        "classifier-translation",
        "ganzoo_metrics.translation_metric:ClassifierTranslationMetric",
        description="unpaired MNIST-family domains (CycleGAN): FD of A→B translations to real B in a LeNet's features,"
        " and the share in B's classes or of digits that keep their class",
    )
    register(
        "stacked-modes",
        "ganzoo_metrics.stacked_metric:StackedModesMetric",
        description="stacked-mnist: modes (digit triples) among 26,000 samples, of 1,000, and KL from uniform",
    )
