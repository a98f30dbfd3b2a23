import type { PptxSlide, TableCell, TableRow, TextProps } from "./pptxgen.ts";

// pptxgenjs sets a paragraph right to left (`<a:pPr rtl="1">`) only from its first run's own options,
// not from the text box's: each run of a right-to-left brief's slide carries `rtlMode`, so every
// paragraph, in text boxes and table cells alike, starts at the right (numbers, bullets and all), as the
// deck's do. Table cells are right-aligned too; the comparison's columns are mirrored where it is laid out.

type Text = Parameters<PptxSlide["addText"]>[0];

function rightToLeftRuns(text: Text): Text {
  if (typeof text === "string") return text;
  return text.map((run: TextProps) => ({ ...run, options: { ...run.options, rtlMode: true } }));
}

// A cell's runs are cells themselves to pptxgenjs's types: text and options.
function rightToLeftCell(cell: TableCell): TableCell {
  const options = { align: "right" as const, ...cell.options, rtlMode: true };
  const text = cell.text;
  return {
    ...cell,
    options,
    text:
      text === undefined || typeof text === "string"
        ? text
        : text.map((run) => ({ ...run, options: { ...run.options, rtlMode: true } })),
  };
}

/** The slide, its text and tables set right to left. */
export function rightToLeft(slide: PptxSlide): PptxSlide {
  const addText = slide.addText.bind(slide);
  const addTable = slide.addTable.bind(slide);
  slide.addText = (text, options) => addText(rightToLeftRuns(text), { ...options, rtlMode: true });
  slide.addTable = (rows, options) =>
    addTable(
      rows.map((row: TableRow) => row.map(rightToLeftCell)),
      options,
    );
  return slide;
}
