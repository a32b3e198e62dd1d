"""The ResNet generator and discriminator of SN-GAN (Miyato, Kataoka, Koyama and Yoshida 2018) for
ganzoo."""
