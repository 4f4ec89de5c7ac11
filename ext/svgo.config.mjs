// svgo's settings for the diagrams (ext/diagrams.py runs `svgo --config` on every SVG
// mermaid-cli draws). The default preset, less the plugins that change an element's
// kind: Mermaid's own stylesheet inside the SVG styles shapes by element name
// (`.edgeLabel rect`, `.node circle`), so a <rect> redrawn as a <path> loses its fill
// (the white backing of the 是/否 edge labels turned black).
export default {
  plugins: [
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
