import type { Brief, Slide } from "../brief/brief.ts";
import { localeFor } from "../messages/locale.ts";
import { citeKeys, planTimeline } from "../render/timeline-view.ts";
import type { CiteNumber, Run } from "./inline-runs.ts";
import { paragraph } from "./inline-runs.ts";
import type { PptxSlide } from "./pptxgen.ts";
import { lineWidth } from "./text-extent.ts";
import type { PptxTheme } from "./theme.ts";
import type { Box } from "./type-scale.ts";

// The timeline and figures layouts as native PowerPoint objects: lanes as lines, events as numbered
// ellipses (spans as rounded bars), the axis's ticks and "Now" as text boxes and a dashed line, each
// event's text in its own box; a figures slide's numbers as text boxes under an accent rule. The same
// plan as the deck's (render/timeline-view.ts), so both place every event alike.

type Inline = (markdown: string) => Run[];
interface Context {
  brief: Brief;
  cite: CiteNumber;
  label: Inline;
  prose: Inline;
  theme: PptxTheme;
}

const LANE_H = 0.5;
const NAMES_W = 1.8;
const KEY = 0.36;

/**
 * Draws a timeline slide's axis, lanes and events under its title, within the body's (the title's) edges.
 * Where the deck was measured (`placed`: a build with PDFs), the lanes and the events sit where the deck
 * placed them, centred in the body as it centres them; else from the body's top, the events filling the
 * rest.
 */
export function addTimeline(
  target: PptxSlide,
  slide: Slide & { layout: "timeline" },
  ctx: Context,
  body: Box,
  placed: { track?: Box | undefined; events?: Box | undefined } = {},
) {
  const { colours, font } = ctx.theme;
  const plan = planTimeline(slide, ctx.brief);
  const named = plan.lanes.some((l) => l.name !== null);
  const left = body.x + (named ? NAMES_W : 0);
  const width = body.w - (named ? NAMES_W : 0);
  // The deck's track starts with room for the "Now" label above the lanes (34 px).
  const top = (placed.track?.y ?? body.y) + 0.35;
  const x = (percent: string) => left + (Number.parseFloat(percent) / 100) * width;
  const text = { fontFace: font, margin: 0, valign: "middle" } as const;
  plan.lanes.forEach((lane, i) => {
    const y = top + i * LANE_H;
    target.addShape("rect", { x: left, y, w: width, h: LANE_H - 0.03, fill: { color: colours.wash } });
    target.addShape("line", {
      x: left,
      y: y + LANE_H / 2,
      w: width,
      h: 0,
      line: { color: colours.rule, width: 1.5 },
    });
    if (named && lane.name !== null)
      target.addText(lane.name, {
        ...text,
        x: body.x,
        y,
        w: NAMES_W - 0.1,
        h: LANE_H,
        fontSize: 17,
        bold: true,
        color: colours.ink,
        objectName: "Lane",
      });
    for (const event of lane.events) {
      const key = { ...text, fontSize: 16, bold: true, align: "center" as const, objectName: "Event marker" };
      if (event.width === null) {
        target.addText(String(event.number), {
          ...key,
          shape: "ellipse",
          x: x(event.left) - KEY / 2,
          y: y + (LANE_H - KEY) / 2,
          w: KEY,
          h: KEY,
          fill: { color: colours.accent },
          color: colours.paper,
        });
        continue;
      }
      target.addText(String(event.number), {
        ...key,
        shape: "roundRect",
        rectRadius: 0.08,
        x: x(event.left),
        y: y + (LANE_H - KEY) / 2,
        w: Math.max(KEY, (Number.parseFloat(event.width) / 100) * width),
        h: KEY,
        align: "left",
        margin: 6,
        fill: { color: "D9E4F2" },
        line: { color: colours.accent, width: 1.5 },
        color: colours.ink,
      });
    }
  });
  const axisY = top + plan.lanes.length * LANE_H;
  target.addShape("line", { x: left, y: axisY, w: width, h: 0, line: { color: colours.ink, width: 1.5 } });
  for (const tick of plan.ticks)
    target.addText(tick.label, {
      ...text,
      // Wide enough for a month and year in any language ("лист. 2026 р.") on one line.
      x: x(tick.left) - 0.8,
      y: axisY + 0.04,
      w: 1.6,
      h: 0.32,
      fontSize: 16,
      align: "center",
      color: colours.muted,
      objectName: "Tick",
    });
  if (plan.now !== null) {
    const nowX = x(plan.now.left);
    target.addShape("line", {
      x: nowX,
      y: top - 0.3,
      w: 0,
      h: axisY - top + 0.3,
      line: { color: colours.ink, width: 2, dashType: "dash" },
    });
    target.addText(localeFor(ctx.brief.lang).t("timeline.now").toLocaleUpperCase(ctx.brief.lang), {
      ...text,
      x: plan.now.end ? nowX - 2.05 : nowX + 0.05,
      y: top - 0.34,
      w: 2,
      h: 0.3,
      fontSize: 16,
      bold: true,
      align: plan.now.end ? "right" : "left",
      color: colours.ink,
      objectName: "Now",
    });
  }
  // The events' grid: from where the deck put it (else under the axis's ticks) down to the body's end, so
  // that an office suite's substitute for the deck's font has room to grow into before text shrinks.
  const eventsTop = placed.events?.y ?? axisY + 0.55;
  addEventText(target, slide, plan, { ...body, y: eventsTop, h: body.y + body.h - eventsTop }, ctx);
}

function addEventText(
  target: PptxSlide,
  slide: Slide & { layout: "timeline" },
  plan: ReturnType<typeof planTimeline>,
  grid: Box,
  { cite, label, prose, theme }: Context,
) {
  const { colours, font } = theme;
  const n = slide.events.length;
  const columns = n <= 4 ? n : Math.ceil(n / 2);
  const gap = 0.3;
  const w = (grid.w - gap * (columns - 1)) / columns;
  const rows = Math.ceil(n / columns);
  const h = grid.h / rows;
  slide.events.forEach((event, i) => {
    const placed = plan.events[i];
    if (placed === undefined) return;
    const x = grid.x + (i % columns) * (w + gap);
    const top = grid.y + Math.floor(i / columns) * h;
    target.addText(String(placed.number), {
      fontFace: font,
      shape: placed.span ? "roundRect" : "ellipse",
      rectRadius: 0.08,
      x,
      y: top,
      w: KEY,
      h: KEY,
      margin: 0,
      fontSize: 16,
      bold: true,
      align: "center",
      valign: "middle",
      fill: { color: colours.accent },
      color: colours.paper,
    });
    const when: Run[] = [{ text: placed.short, options: { bold: true } }];
    if (placed.lane !== null) when.push({ text: ` · ${placed.lane}` });
    const runs = [
      ...paragraph(when, { fontSize: 16, color: colours.muted, paraSpaceAfter: 4 }),
      ...paragraph([...label(event.label), ...citations(event.cite, cite)], { fontSize: 21, bold: true }),
      ...(event.detail === undefined
        ? []
        : paragraph(prose(event.detail), { fontSize: 16, color: colours.muted })),
    ];
    target.addText(runs, {
      fontFace: font,
      color: colours.ink,
      x: x + KEY + 0.1,
      y: top,
      w: w - KEY - 0.1,
      h: h - 0.1,
      margin: 0,
      valign: "top",
      fit: "shrink",
      objectName: "Event",
    });
  });
}

/**
 * Lays a figures slide's numbers out in a grid inside the body (the deck's, under the title and within its
 * edges), each under an accent rule; the first at the right in a right-to-left brief, as the deck's grid.
 */
export function addFigures(target: PptxSlide, slide: Slide & { layout: "figures" }, ctx: Context, body: Box) {
  const { colours, font } = ctx.theme;
  const n = slide.items.length;
  const columns = n <= 4 ? n : 3;
  const rows = Math.ceil(n / columns);
  // The deck's grid gaps (templates/theme.css, .bd-figures): 40 px between columns, 36 px between rows.
  const gap = 40 / 96;
  const w = (body.w - gap * (columns - 1)) / columns;
  const h = Math.min(2.2, (body.h - gap * (rows - 1)) / rows);
  const y0 = body.y + (body.h - rows * h - gap * (rows - 1)) / 2;
  slide.items.forEach((item, i) => {
    const column = ctx.theme.rtl ? columns - 1 - (i % columns) : i % columns;
    const x = body.x + column * (w + gap);
    const y = y0 + Math.floor(i / columns) * (h + gap);
    target.addShape("line", { x, y, w, h: 0, line: { color: colours.accent, width: 4.5 } });
    const value: Run[] = [{ text: String(item.value), options: { fontSize: 54, bold: true } }];
    if (item.unit !== undefined)
      value.push({
        text: /^[%\u2030\u00b0\u2032\u2033]/.test(item.unit) ? item.unit : ` ${item.unit}`,
        options: { fontSize: 26, bold: true },
      });
    // The number and its unit stay on one line, as in the deck: where the deck's font is missing, the
    // wider stand-in (text-extent.ts) would push the unit onto a line of its own, so both are set smaller
    // (to the half point) until the line fits the column, with a tenth to spare (the estimate's bold is
    // a little narrower than DejaVu Sans Bold's digits).
    const scale = Math.min(1, (0.9 * w) / lineWidth(value, 54, true));
    if (scale < 1)
      for (const run of value)
        if (run.options?.fontSize !== undefined)
          run.options.fontSize = Math.floor(run.options.fontSize * scale * 2) / 2;
    const runs = [
      ...paragraph(value, { color: colours.accent, paraSpaceAfter: 4 }),
      ...paragraph([...ctx.label(item.label), ...citations(item.cite, ctx.cite)], {
        fontSize: 21,
        bold: true,
      }),
      ...(item.compare === undefined
        ? []
        : paragraph(ctx.prose(item.compare), { fontSize: 16, color: colours.muted })),
    ];
    target.addText(runs, {
      fontFace: font,
      color: colours.ink,
      x,
      y: y + 0.12,
      w,
      h: h - 0.12,
      margin: 0,
      valign: "top",
      ...(ctx.theme.rtl ? { align: "right" as const } : {}),
      fit: "shrink",
      objectName: "Figure",
    });
  });
}

// An item's `cite` keys as superscript numbers after its label, as the deck shows them.
function citations(keys: string | readonly string[] | undefined, cite: CiteNumber): Run[] {
  return citeKeys(keys).flatMap((key) => {
    const number = cite(key);
    return number === undefined ? [] : [{ text: `[${number}]`, options: { superscript: true } }];
  });
}
