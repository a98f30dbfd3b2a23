// A text slide's Markdown images as native pictures: each one's size read from its bytes (the data: URI
// the deck inlines too), fitted inside its box with its aspect ratio kept, with its alt text.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Size {
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

/** The picture's size in pixels, read from its header (PNG, GIF, JPEG); undefined when unreadable. */
export function imageSize(uri: string): Size | undefined {
  const comma = uri.indexOf(",");
  if (comma < 0) return undefined;
  const bytes = Buffer.from(uri.slice(comma + 1), "base64");
  if (bytes.length >= 24 && bytes.toString("latin1", 1, 4) === "PNG")
    return { w: bytes.readUInt32BE(16), h: bytes.readUInt32BE(20) };
  if (bytes.length >= 10 && bytes.toString("latin1", 0, 3) === "GIF")
    return { w: bytes.readUInt16LE(6), h: bytes.readUInt16LE(8) };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  if (uri.startsWith("data:image/svg+xml")) return svgSize(bytes.toString("utf8"));
  return undefined;
}

// The root element's width and height in user units, else its viewBox's.
function svgSize(svg: string): Size | undefined {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? "";
  const number = (name: string) => {
    const value = new RegExp(`\\s${name}\\s*=\\s*["']\\s*([0-9.]+)(px)?\\s*["']`).exec(root)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const w = number("width");
  const h = number("height");
  if (w !== undefined && h !== undefined) return { w, h };
  const box = /\sviewBox\s*=\s*["']([^"']*)["']/
    .exec(root)?.[1]
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box?.length === 4 && box.every(Number.isFinite)) return { w: box[2] ?? 0, h: box[3] ?? 0 };
  return undefined;
}

// The first start-of-frame marker's height and width.
function jpegSize(bytes: Buffer): Size | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { w: bytes.readUInt16BE(at + 7), h: bytes.readUInt16BE(at + 5) };
    at += 2 + length;
  }
  return undefined;
}

/** The largest box of the picture's aspect ratio inside `box`, centred in it. */
export function fitInside(size: Size | undefined, box: Box): Box {
  if (size === undefined || size.w <= 0 || size.h <= 0) return box;
  const scale = Math.min(box.w / size.w, box.h / size.h);
  const w = size.w * scale;
  const h = size.h * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}
