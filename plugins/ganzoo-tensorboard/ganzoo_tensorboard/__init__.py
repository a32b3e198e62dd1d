"""TensorBoard events for every ganzoo run (see :mod:`ganzoo_tensorboard.writer`)."""
