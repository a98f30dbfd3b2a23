// The few culori functions briefdeck uses (culori ships no types).
declare module "culori" {
  export interface Color {
    mode: string;
    alpha?: number;
  }
  export function parse(text: string): Color | undefined;
  export function formatHex(color: Color | string): string;
  export function interpolate(colors: Array<Color | string>, mode?: string): (t: number) => Color;
}
