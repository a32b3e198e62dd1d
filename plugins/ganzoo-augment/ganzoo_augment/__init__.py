"""Augmentations for ganzoo that let a GAN learn from little data: DiffAugment and ADA."""
