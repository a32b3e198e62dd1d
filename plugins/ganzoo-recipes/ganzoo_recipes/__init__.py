"""Named models for ganzoo's loss family, each a recipe with its paper's training settings."""
