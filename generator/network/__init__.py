"""The reference network as a static, accessible SVG, drawn at build time (no JavaScript).

`network_svg` draws the whole "Lesen Sie auch" graph of a dossier, `neighbourhood_svg` the articles
around one article, as a tree narrow enough for a phone. Both are pure: the same input gives a
byte-identical string, whatever the input order (for the network) and on every run, so pages that embed
them keep their fingerprints between builds.

A drawing is made in four steps, a module each: which nodes and edges it shows (graph.py), the text of
their labels and how wide it is (text.py), where nodes and labels go (layout.py), the markup (svg.py).
"""

from generator.network.graph import Node
from generator.network.svg import neighbourhood_svg, network_svg

__all__ = ["Node", "neighbourhood_svg", "network_svg"]
