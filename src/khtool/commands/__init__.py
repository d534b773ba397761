"""One module per command; shared options live in :mod:`khtool.commands.options`."""
