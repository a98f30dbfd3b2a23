import * as Package from "pptxgenjs";

// pptxgenjs's types describe an ES module's default export, but the package is CommonJS to TypeScript's
// Node resolution: this module takes its class from either shape, and names the types the stage uses.

type Writer = Package.default;
type Api = new () => Writer;

/** The pptxgenjs class, whichever way the package was loaded. */
const loaded = Package as unknown as { default: Api & { default?: Api } };
export const PptxGenJS: Api = loaded.default.default ?? loaded.default;

export type Pptx = Writer;
export type PptxSlide = ReturnType<Writer["addSlide"]>;
export type TextProps = Exclude<Parameters<PptxSlide["addText"]>[0], string>[number];
export type TextOptions = NonNullable<Parameters<PptxSlide["addText"]>[1]>;
export type TableRow = Parameters<PptxSlide["addTable"]>[0][number];
export type TableCell = TableRow[number];
export type MasterProps = Parameters<Writer["defineSlideMaster"]>[0];
