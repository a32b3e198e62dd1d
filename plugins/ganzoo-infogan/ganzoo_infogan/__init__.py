"""InfoGAN for ganzoo; its parts are declared in ganzoo_infogan.plugin."""
