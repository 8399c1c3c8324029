"""The expression checker: one mixin per family of constructs, as ponyc's `expr/`."""
