"""StyleGAN2 for ganzoo; its parts are declared in ganzoo_stylegan.plugin."""
