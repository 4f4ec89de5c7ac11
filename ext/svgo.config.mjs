// svgo's settings for the diagrams (ext/diagrams.py runs `svgo --config` on every SVG
// mermaid-cli draws). The default preset, less the plugins that change an element's
// kind: Mermaid's own stylesheet inside the SVG styles shapes by element name
// (`.edgeLabel rect`, `.node circle`), so a <rect> redrawn as a <path> loses its fill
// (the white backing of the 是/否 edge labels turned black). Coordinates keep one decimal:
// the drawing is about 600 px wide, so a tenth of a pixel is below what a screen shows.

// Mermaid defines twelve arrowhead markers in every flowchart, which uses one or two: the
// others go (a sixth of the drawing's bytes). A marker is kept if anything names it with
// url(#id), in an attribute or in the drawing's stylesheet.
const removeUnusedMarkers = {
  name: "removeUnusedMarkers",
  fn: (root) => {
    const used = new Set();
    const collect = (node) => {
      for (const text of [node.value ?? "", ...Object.values(node.attributes ?? {})])
        for (const [, id] of text.matchAll(/url\(#([^)]+)\)/g)) used.add(id);
      for (const child of node.children ?? []) collect(child);
    };
    collect(root);
    return {
      element: {
        enter: (node, parent) => {
          if (node.name === "marker" && !used.has(node.attributes.id))
            parent.children = parent.children.filter((child) => child !== node);
        },
      },
    };
  },
};

export default {
  floatPrecision: 1,
  plugins: [
    removeUnusedMarkers,
    // Mermaid's data-* attributes (an edge's points in base64, its ids) serve its own
    // scripts; in an <img> nothing reads them, and they are a third of the gzipped bytes.
    { name: "removeAttrs", params: { attrs: "data-.*" } },
    {
      name: "preset-default",
      params: {
        overrides: {
          convertShapeToPath: false,
          convertEllipseToCircle: false,
        },
      },
    },
  ],
};
