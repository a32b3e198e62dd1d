"""Class-conditional GANs for ganzoo: generators that are told which class to draw."""
