"""The single-machine run of Arendo."""
