// svgo's settings for the diagrams (ext/diagrams.py runs `svgo --config` on every SVG
// mermaid-cli draws). The default preset, less the plugins that change an element's
// kind: Mermaid's own stylesheet inside the SVG styles shapes by element name
// (`.edgeLabel rect`, `.node circle`), so a <rect> redrawn as a <path> loses its fill
// (the white backing of the 是/否 edge labels turned black). Coordinates keep one decimal:
// the drawing is about 600 px wide, so a tenth of a pixel is below what a screen shows.
export default {
  floatPrecision: 1,
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
