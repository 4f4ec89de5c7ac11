"""One decision tree, three views: the self-check form, the diagram and its text version.

``{decision-tree} file.yaml`` with ``:view: self-check``, ``diagram`` or ``steps`` (and
``:name:``, ``:caption:``, ``:alt:``); the YAML format is in source/channel-decision.yaml.
A malformed tree fails the build once, at its file and line. docs/diagrams.md. The parts:
``model`` reads and checks the file, ``drawing`` writes its Mermaid code, ``directive``
makes the views.
"""

from ext.decision_tree.directive import setup
from ext.decision_tree.drawing import break_label, plain
from ext.decision_tree.model import DecisionTreeError, Tree, load_tree

__all__ = ["DecisionTreeError", "Tree", "break_label", "load_tree", "plain", "setup"]
