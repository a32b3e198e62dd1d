"""The transformations each augmentation offers, by the names its options take; no torch here."""

DIFFAUGMENT_POLICIES = ("color", "translation", "cutout")
ADA_GEOMETRIC = ("xflip", "rotate90", "xint", "scale", "rotate", "aniso", "xfrac")
ADA_COLOUR = ("brightness", "contrast", "saturation")
ADA_TRANSFORMS = ADA_GEOMETRIC + ADA_COLOUR


def parse_names(option: str, given: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """The comma-separated names of ``given``, each one of ``known``, in the order given."""
    names = tuple(name.strip() for name in str(given).split(",") if name.strip())
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise ValueError(f"{option} {given!r} must list some of {', '.join(known)}, separated by commas")
    return names
