"""The training machinery: building a recipe's parts, the GAN update, checkpoints and the loop."""
