"""SRGAN for ganzoo; its parts are declared in ganzoo_srgan.plugin."""
