"""pix2pix and CycleGAN for ganzoo; their parts are declared in ganzoo_translation.plugin."""
