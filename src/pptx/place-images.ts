import type { Size } from "../render/picture-size.ts";

// A text slide's Markdown images as native pictures: each one's size read from its bytes (the data: URI
// the deck inlines too), fitted inside its box with its aspect ratio kept, with its alt text.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The MIME types placed as pictures. An SVG is written as PowerPoint 2016's SVG picture (LibreOffice and
 * current PowerPoint show it); its PNG fallback, which pptxgenjs cannot draw in Node, is a blank picture
 * that only older readers would show. WebP is left as its alt text.
 */
const PLACEABLE = /^data:image\/(png|jpeg|gif|svg\+xml);base64,/;

/** Whether the data: URI is a picture the PowerPoint can hold natively. */
export function isPlaceable(uri: string): boolean {
  return PLACEABLE.test(uri);
}

/** The largest box of the picture's aspect ratio inside `box`, centred in it. */
export function fitInside(size: Size | undefined, box: Box): Box {
  if (size === undefined || size.w <= 0 || size.h <= 0) return box;
  const scale = Math.min(box.w / size.w, box.h / size.h);
  const w = size.w * scale;
  const h = size.h * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}
