"""The deep convolutional GAN (Radford, Metz and Chintala 2015) for ganzoo."""
