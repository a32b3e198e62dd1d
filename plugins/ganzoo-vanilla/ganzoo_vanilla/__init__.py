"""The vanilla GAN for ganzoo: fully connected generator and discriminator."""
