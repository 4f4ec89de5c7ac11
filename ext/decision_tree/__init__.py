"""One decision tree, three views: the self-check form, the diagram and its text version
(docs/diagrams.md). ``model`` reads and checks the YAML file (its format: the header of
source/channel-decision.yaml), ``drawing`` writes its Mermaid code, ``directive`` makes the views.
"""

from ext.decision_tree.directive import setup
from ext.decision_tree.drawing import break_label, plain
from ext.decision_tree.model import DecisionTreeError, Tree, load_tree

__all__ = ["DecisionTreeError", "Tree", "break_label", "load_tree", "plain", "setup"]
