"""BEGAN and EBGAN for ganzoo: GANs whose discriminator is an autoencoder and whose score is the
energy with which it reconstructs a picture."""
