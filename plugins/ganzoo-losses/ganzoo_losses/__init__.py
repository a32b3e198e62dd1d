"""Adversarial losses for ganzoo, each a small object computing both players' losses from logits."""
