"""Latent samplers for ganzoo."""
